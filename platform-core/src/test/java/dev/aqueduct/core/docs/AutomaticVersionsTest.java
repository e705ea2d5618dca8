package dev.aqueduct.core.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.crdt.YDoc;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AutomaticVersionsTest {

    private final MemoryDocumentStore store = new MemoryDocumentStore(Clock.systemUTC());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final DocumentService service = new DocumentService(store,
            new DocumentSettings(Duration.ofHours(1), Duration.ofHours(1), 1, Duration.ofMillis(1)), Clock.systemUTC(),
            scheduler, new Hooks(List::of));

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

    private void waitForVersions(int n) throws InterruptedException {
        for (int i = 0; i < 200 && store.versions("doc:auto").size() < n; i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void aChangedDocumentGetsAnAutomaticVersionWithItsContentAndAnUnchangedOneDoesNot() throws Exception {
        YDoc editor = new YDoc();
        assertTrue(service.applyUpdate("doc:auto", insert(editor, "first draft"), "alice"));
        Thread.sleep(5);
        service.tick();
        waitForVersions(1);
        assertEquals(1, store.versions("doc:auto").size());
        var v = store.versions("doc:auto").get(0);
        assertTrue(v.name().startsWith("automatic "), v.name());
        assertNull(v.createdBy());
        YDoc restored = new YDoc();
        restored.applyUpdate(store.readVersion("doc:auto", v.versionId()).orElseThrow());
        assertEquals("first draft", restored.getText("text").toString());

        Thread.sleep(5);
        service.tick();
        Thread.sleep(50);
        assertEquals(1, store.versions("doc:auto").size(), "no change, no new version");

        service.applyUpdate("doc:auto", insert(editor, ", revised"), "alice");
        Thread.sleep(5);
        service.tick();
        waitForVersions(2);
        assertEquals(2, store.versions("doc:auto").size());
    }
}
