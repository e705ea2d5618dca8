package dev.aqueduct.core.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.api.spi.DocumentChange;
import dev.aqueduct.api.spi.EditorBinding;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.api.spi.LifecycleHook;
import dev.aqueduct.core.bindings.Bindings;
import dev.aqueduct.core.bindings.TextBinding;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.crdt.YDoc;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hooks read changes through the editor bindings, and the default binding validates changes. */
class BindingsInDocumentsTest {

    /** Plain text that may not grow beyond 10 characters. */
    static final class ShortText implements EditorBinding {
        private final TextBinding text = new TextBinding("text");

        @Override
        public String format() {
            return "short-text";
        }

        @Override
        public String toJson(byte[] yjsState) {
            return text.toJson(yjsState);
        }

        @Override
        public byte[] updateFromJson(byte[] currentState, String json) {
            return text.updateFromJson(currentState, json);
        }

        @Override
        public void validate(byte[] currentState, byte[] update) {
            YDoc d = new YDoc();
            d.applyUpdate(currentState);
            d.applyUpdate(update);
            if (d.getText("text").length() > 10) {
                throw new IllegalArgumentException("texts are at most 10 characters");
            }
        }
    }

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final LifecycleHook recorder = new LifecycleHook() {
        @Override
        public void onChange(HookContext ctx) {
            DocumentChange c = (DocumentChange) ctx.payload();
            seen.add("change " + c.documentId() + " " + c.previousContent() + " -> " + c.content("text"));
        }

        @Override
        public void afterStore(HookContext ctx) {
            DocumentChange c = (DocumentChange) ctx.payload();
            seen.add("stored " + c.content() + " " + c.previousContent() + " " + c.update().length);
        }
    };
    private final MemoryDocumentStore store = new MemoryDocumentStore(Clock.systemUTC());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private volatile String defaultFormat = "text";
    private final DocumentService service = new DocumentService(store,
            new DocumentSettings(Duration.ofHours(1), Duration.ofHours(1), 1, Duration.ZERO), Clock.systemUTC(),
            scheduler, new Hooks(() -> List.of(recorder)),
            new Bindings(() -> List.of(new TextBinding("text"), new ShortText()), () -> defaultFormat));

    @AfterEach
    void stop() {
        service.close();
        scheduler.shutdownNow();
    }

    private static byte[] insert(YDoc editor, String text) {
        byte[][] update = new byte[1][];
        editor.onUpdate((u, origin) -> update[0] = u);
        editor.getText("text").insert(editor.getText("text").length(), text);
        return update[0];
    }

    @Test
    void hooksSeeTheContentBeforeAndAfterAChangeThroughTheBinding() throws Exception {
        YDoc editor = new YDoc();
        assertTrue(service.applyUpdate("doc:hooked", insert(editor, "hello"), "alice"));
        byte[] second = insert(editor, " world");
        assertTrue(service.applyUpdate("doc:hooked", second, "alice"));
        for (int i = 0; i < 200 && seen.size() < 4; i++) {
            Thread.sleep(10);
        }
        assertEquals(List.of(
                "change doc:hooked {\"text\":\"\"} -> {\"text\":\"hello\"}",
                "stored {\"text\":\"hello\"} null " + insert(new YDoc(), "hello").length,
                "change doc:hooked {\"text\":\"hello\"} -> {\"text\":\"hello world\"}",
                "stored {\"text\":\"hello world\"} null " + second.length), seen);
    }

    @Test
    void theDefaultBindingRefusesAChangeLikeAVetoAndNothingIsStored() throws Exception {
        defaultFormat = "short-text";
        YDoc editor = new YDoc();
        assertTrue(service.applyUpdate("doc:short", insert(editor, "0123456789"), "alice"));
        HookVetoException veto = assertThrows(HookVetoException.class,
                () -> service.applyUpdate("doc:short", insert(editor, "!"), "alice"));
        assertEquals("texts are at most 10 characters", veto.getMessage());
        assertEquals(1, store.auditTrail("doc:short", 0, 10).size(), "only the first change was stored");
        assertEquals("{\"text\":\"0123456789\"}", service.bindings().byFormat("text")
                .toJson(service.readState("doc:short").orElseThrow()));
    }

    @Test
    void aBindingThatDoesNotValidateCostsNothingPerChange() {
        Bindings b = new Bindings(() -> List.of(new TextBinding("text"), new ShortText()), () -> "text");
        assertNull(b.validator(), "the text binding accepts everything: no state is encoded for it");
        assertEquals("short-text", new Bindings(() -> List.of(new ShortText()), () -> "short-text").validator()
                .format());
        assertThrows(IllegalArgumentException.class, () -> b.byFormat("markdown"));
    }
}
