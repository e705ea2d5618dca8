package dev.aqueduct.example;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.spi.DocumentChange;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.api.spi.LifecycleHook;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WordFilterHookFactoryTest {

    private static LifecycleHook hook(String words) {
        WordFilterHookFactory f = new WordFilterHookFactory();
        Map<String, String> values = words == null ? Map.of() : Map.of("words", words);
        f.init(new PluginConfig() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public String pluginId() {
                return "word-filter";
            }

            @Override
            public Set<String> keys() {
                return values.keySet();
            }
        });
        return f.create(null);
    }

    private static HookContext message(String payload) {
        return new HookContext("ws", "c1", null, RoomId.of("chat:a"), payload);
    }

    @Test
    void vetoesMessagesWithAConfiguredWordInAnyCase() {
        LifecycleHook h = hook("spam, Scam");
        assertThrows(HookVetoException.class, () -> h.onMessage(message("{\"text\":\"buy SPAM now\"}")));
        assertThrows(HookVetoException.class, () -> h.onMessage(message("\"a scam\"")));
        assertDoesNotThrow(() -> h.onMessage(message("{\"text\":\"hello\"}")));
    }

    /** A change as the document service describes it, with the content before and after through the binding. */
    private static HookContext change(String before, String after) {
        DocumentChange c = new DocumentChange() {
            @Override
            public String documentId() {
                return "doc:a";
            }

            @Override
            public byte[] update() {
                return new byte[0];
            }

            @Override
            public String content() {
                return after;
            }

            @Override
            public String content(String format) {
                return after;
            }

            @Override
            public String previousContent() {
                return before;
            }

            @Override
            public String previousContent(String format) {
                return before;
            }
        };
        return new HookContext("yjs", "c1", null, RoomId.of("doc:a"), c);
    }

    @Test
    void vetoesDocumentChangesThatAddAConfiguredWord() {
        LifecycleHook h = hook("spam");
        assertThrows(HookVetoException.class, () -> h.onChange(change("{\"text\":\"buy\"}", "{\"text\":\"buy Spam\"}")));
        assertThrows(HookVetoException.class,
                () -> h.onChange(change("{\"text\":\"spam\"}", "{\"text\":\"spam spam\"}")));
        assertDoesNotThrow(() -> h.onChange(change("{\"text\":\"hello\"}", "{\"text\":\"hello you\"}")));
        assertDoesNotThrow(() -> h.onChange(change("{\"text\":\"old spam\"}", "{\"text\":\"old spam, new text\"}")),
                "a word that was already there does not block other edits");
    }

    @Test
    void withoutWordsItLetsEverythingThrough() {
        LifecycleHook h = hook(null);
        assertDoesNotThrow(() -> h.onMessage(message("spam")));
    }
}
