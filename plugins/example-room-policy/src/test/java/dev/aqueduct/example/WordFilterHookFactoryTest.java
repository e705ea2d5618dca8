package dev.aqueduct.example;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.plugin.PluginConfig;
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

    @Test
    void vetoesDocumentChangesInsertingAConfiguredWord() {
        LifecycleHook h = hook("spam");
        byte[] withWord = "\u0001\u0002 buy Spam now".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] without = "\u0001\u0002 hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThrows(HookVetoException.class, () -> h.onChange(new HookContext("yjs", "c1", null,
                RoomId.of("doc:a"), withWord)));
        assertDoesNotThrow(() -> h.onChange(new HookContext("yjs", "c1", null, RoomId.of("doc:a"), without)));
    }

    @Test
    void withoutWordsItLetsEverythingThrough() {
        LifecycleHook h = hook(null);
        assertDoesNotThrow(() -> h.onMessage(message("spam")));
    }
}
