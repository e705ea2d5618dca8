package dev.aqueduct.core.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.api.spi.DocumentStore;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.crdt.YDoc;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The document service stores changes in groups, and tells peers about a change only once it is durable. */
class GroupCommitTest {

    /** A memory store whose group appends can be held back, and made to fail for one document. */
    static final class GatedStore implements DocumentStore {
        private final MemoryDocumentStore memory = new MemoryDocumentStore(Clock.systemUTC());
        final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch entered = new CountDownLatch(1);
        volatile String failing;


        @Override
        public long[] appendAll(List<Append> appends) {
            entered.countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (appends.stream().anyMatch(a -> a.documentId().equals(failing))) {
                throw new IllegalStateException("disk full");
            }
            groupSizes.add(appends.size());
            return memory.appendAll(appends);
        }

        @Override
        public java.util.Optional<StoredDocument> load(String documentId) {
            return memory.load(documentId);
        }

        @Override
        public long append(String documentId, byte[] update, UpdateMeta meta) {
            return memory.append(documentId, update, meta);
        }

        @Override
        public void compact(String documentId, byte[] snapshot, long upToSeq) {
            memory.compact(documentId, snapshot, upToSeq);
        }

        @Override
        public VersionInfo saveVersion(String documentId, String name, byte[] state, String createdBy) {
            return memory.saveVersion(documentId, name, state, createdBy);
        }

        @Override
        public List<VersionInfo> versions(String documentId) {
            return memory.versions(documentId);
        }

        @Override
        public java.util.Optional<byte[]> readVersion(String documentId, String versionId) {
            return memory.readVersion(documentId, versionId);
        }

        @Override
        public void delete(String documentId) {
            memory.delete(documentId);
        }

        @Override
        public List<AuditEntry> auditTrail(String documentId, long afterSeq, int limit) {
            return memory.auditTrail(documentId, afterSeq, limit);
        }

        @Override
        public AuditVerification verifyAudit(String documentId) {
            return memory.verifyAudit(documentId);
        }
    }

    static final class Peer implements DocumentPeer {
        final List<byte[]> updates = Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = new CopyOnWriteArrayList<>();
        final String name;

        Peer(String name) {
            this.name = name;
        }

        @Override
        public void documentUpdate(byte[] update, DocumentPeer origin) {
            updates.add(update);
        }

        @Override
        public void awarenessUpdate(byte[] update, DocumentPeer origin) {
        }

        @Override
        public void documentFailed(String reason) {
            failures.add(reason);
        }

        @Override
        public String subject() {
            return name;
        }

        @Override
        public String connectionId() {
            return name + "-conn";
        }
    }

    private final GatedStore store = new GatedStore();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final DocumentService service = new DocumentService(store,
            new DocumentSettings(Duration.ofHours(1), Duration.ofHours(1), 1, Duration.ZERO, 1000, 100), Clock.systemUTC(),
            scheduler, new Hooks(List::of));

    @AfterEach
    void stop() {
        store.gate.countDown();
        service.close();
        scheduler.shutdownNow();
    }

    /** Edits {@code text} into a fresh editor document and returns the update it made. */
    private static byte[] edit(YDoc editor, String text) {
        byte[][] update = new byte[1][];
        editor.onUpdate((u, origin) -> update[0] = u);
        editor.getText("text").insert(editor.getText("text").length(), text);
        return update[0];
    }

    private static String text(byte[]... updates) {
        YDoc d = new YDoc();
        for (byte[] u : updates) {
            d.applyUpdate(u);
        }
        return d.getText("text").toString();
    }

    @Test
    void changesArrivingDuringACommitAreStoredTogetherAndDeliveredOnlyWhenDurable() throws Exception {
        store.gate = new CountDownLatch(1);
        Peer a = new Peer("a");
        Peer b = new Peer("b");
        LiveDocument d1 = service.acquire("doc:one", a).get(5, TimeUnit.SECONDS);
        LiveDocument d2 = service.acquire("doc:two", b).get(5, TimeUnit.SECONDS);
        YDoc editorA = new YDoc(1);
        YDoc editorB = new YDoc(2);
        List<CompletableFuture<Boolean>> acks = new ArrayList<>();
        acks.add(d1.apply(edit(editorA, "a0"), a));
        assertTrue(store.entered.await(5, TimeUnit.SECONDS), "the first change is being committed");
        for (int i = 1; i <= 5; i++) {
            acks.add(d1.apply(edit(editorA, "a" + i), a));
            acks.add(d2.apply(edit(editorB, "b" + i), b));
        }
        assertFalse(acks.stream().anyMatch(CompletableFuture::isDone), "nothing is acknowledged before it is stored");
        assertEquals(0, a.updates.size() + b.updates.size(), "nothing is delivered before it is stored");

        store.gate.countDown();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertTrue(acks.stream().allMatch(CompletableFuture::join));
        assertEquals(List.of(1, 10), store.groupSizes, "the ten changes that queued up are one group");
        assertEquals("a0a1a2a3a4a5", text(a.updates.toArray(byte[][]::new)));
        assertEquals("b1b2b3b4b5", text(b.updates.toArray(byte[][]::new)));
        assertEquals("a0a1a2a3a4a5", text(store.load("doc:one").orElseThrow().updates().toArray(byte[][]::new)));
        service.release(d1, a);
        service.release(d2, b);
    }

    @Test
    void aSenderWaitingForRoomInAFullQueueDoesNotStopTheWriter() throws Exception {
        DocumentService small = new DocumentService(store,
                new DocumentSettings(Duration.ofHours(1), Duration.ofHours(1), 1, Duration.ZERO, 1, 100),
                Clock.systemUTC(), scheduler, new Hooks(List::of));
        try {
            store.gate = new CountDownLatch(1);
            Peer a = new Peer("a");
            LiveDocument d = small.acquire("doc:full", a).get(5, TimeUnit.SECONDS);
            YDoc editor = new YDoc(1);
            List<byte[]> edits = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                edits.add(edit(editor, "e" + i));
            }
            // one change in the commit, one in the queue, the third sender waits for room holding the document
            CompletableFuture<List<CompletableFuture<Boolean>>> sender = CompletableFuture.supplyAsync(() ->
                    edits.stream().map(u -> d.apply(u, a)).toList());
            assertTrue(store.entered.await(5, TimeUnit.SECONDS));
            Thread.sleep(200);
            assertFalse(sender.isDone(), "the sender waits while the queue is full");
            store.gate.countDown();
            for (CompletableFuture<Boolean> ack : sender.get(5, TimeUnit.SECONDS)) {
                assertTrue(ack.get(5, TimeUnit.SECONDS));
            }
            assertEquals("e0e1e2e3", text(a.updates.toArray(byte[][]::new)));
            small.release(d, a);
        } finally {
            small.close();
        }
    }

    @Test
    void aDocumentTheStoreRefusesFailsAloneAndItsChangeIsNotAcknowledged() throws Exception {
        store.gate = new CountDownLatch(1);
        Peer a = new Peer("a");
        Peer b = new Peer("b");
        LiveDocument good = service.acquire("doc:good", a).get(5, TimeUnit.SECONDS);
        LiveDocument bad = service.acquire("doc:bad", b).get(5, TimeUnit.SECONDS);
        CompletableFuture<Boolean> first = good.apply(edit(new YDoc(1), "first"), a);
        assertTrue(store.entered.await(5, TimeUnit.SECONDS));
        store.failing = "doc:bad";
        CompletableFuture<Boolean> refused = bad.apply(edit(new YDoc(2), "lost"), b);
        CompletableFuture<Boolean> kept = good.apply(edit(new YDoc(3), "kept"), a);
        store.gate.countDown();

        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
        assertInstanceOf(StoreFailedException.class, e.getCause());
        assertTrue(first.get(5, TimeUnit.SECONDS) && kept.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("the document could not be stored"), b.failures);
        assertEquals(List.of(), a.failures);
        assertTrue(service.loaded("doc:bad").isEmpty(), "the failed document unloaded");
        assertTrue(store.load("doc:bad").isEmpty(), "nothing of it was stored");
        assertEquals(2, store.load("doc:good").orElseThrow().updates().size());
        service.release(good, a);
    }

    @Test
    void theLastPeerLeavingWhileItsChangeWaitsUnloadsOnlyAfterTheChangeIsStored() throws Exception {
        store.gate = new CountDownLatch(1);
        Peer a = new Peer("a");
        LiveDocument d = service.acquire("doc:leave", a).get(5, TimeUnit.SECONDS);
        CompletableFuture<Boolean> ack = d.apply(edit(new YDoc(1), "last words"), a);
        service.release(d, a);
        assertTrue(service.loaded("doc:leave").isPresent(), "still loaded while its change waits for the store");
        store.gate.countDown();
        assertTrue(ack.get(5, TimeUnit.SECONDS));
        for (int i = 0; i < 500 && service.loaded("doc:leave").isPresent(); i++) {
            Thread.sleep(10);
        }
        assertTrue(service.loaded("doc:leave").isEmpty());
        Peer b = new Peer("b");
        LiveDocument again = service.acquire("doc:leave", b).get(5, TimeUnit.SECONDS);
        assertEquals("last words", again.read(doc -> doc.getText("text").toString()));
        service.release(again, b);
    }
}
