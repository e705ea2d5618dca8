package dev.aqueduct.api.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aqueduct.api.AuditChain;
import dev.aqueduct.api.spi.DocumentStore.AuditEntry;
import dev.aqueduct.api.spi.DocumentStore.AuditVerification;
import dev.aqueduct.api.spi.DocumentStore.StoredDocument;
import dev.aqueduct.api.spi.DocumentStore.UpdateMeta;
import dev.aqueduct.api.spi.DocumentStore.VersionInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DocumentStore} must have. A store's test extends this class and supplies the store;
 * stores that can be shared by several nodes also supply a second instance on the same data, and persistent stores a
 * way to alter a stored audit entry behind the store's back. Every test uses fresh document ids, so one store may
 * serve the whole class.
 */
public abstract class DocumentStoreContract {

    private static final Instant AT = Instant.parse("2025-01-02T03:04:05.678Z");

    /** The store under test. */
    protected abstract DocumentStore store();

    /** A second store on the same data, as another node would see it; {@code null} if the store is not shared. */
    protected DocumentStore secondNode() {
        return null;
    }

    /**
     * Changes the subject of one stored audit entry directly in the storage (for example with plain SQL), as an
     * attacker with database access would. Returns false if the store cannot be altered from outside.
     */
    protected boolean tamperAuditSubject(String documentId, long seq, String subject) throws Exception {
        return false;
    }

    protected static String newId() {
        return "doc:contract-" + UUID.randomUUID();
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static UpdateMeta meta(String subject) {
        return new UpdateMeta(subject, "conn-" + subject, AT);
    }

    private static List<String> strings(List<byte[]> updates) {
        return updates.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void unknownDocumentIsEmpty() {
        String id = newId();
        assertTrue(store().load(id).isEmpty());
        assertEquals(List.of(), store().versions(id));
        assertEquals(List.of(), store().auditTrail(id, 0, 100));
        assertTrue(store().verifyAudit(id).intact());
        assertTrue(store().readVersion(id, UUID.randomUUID().toString()).isEmpty());
    }

    @Test
    void appendsGetIncreasingSeqsAndLoadInOrder() {
        String id = newId();
        long a = store().append(id, bytes("a"), meta("alice"));
        long b = store().append(id, bytes("b"), meta("bob"));
        long c = store().append(id, bytes("c"), meta("alice"));
        assertTrue(a < b && b < c, "seqs " + a + ", " + b + ", " + c);
        StoredDocument d = store().load(id).orElseThrow();
        assertEquals(0, d.snapshot() == null ? 0 : d.snapshot().length);
        assertEquals(List.of("a", "b", "c"), strings(d.updates()));
        assertEquals(c, d.lastSeq());
    }

    @Test
    void documentsAreSeparate() {
        String one = newId();
        String two = newId();
        store().append(one, bytes("1"), meta("a"));
        store().append(two, bytes("2"), meta("a"));
        store().compact(two, bytes("snap"), 1);
        assertEquals(List.of("1"), strings(store().load(one).orElseThrow().updates()));
        assertEquals(List.of(), store().load(two).orElseThrow().updates());
        store().delete(one);
        assertTrue(store().load(one).isEmpty());
        assertArrayEquals(bytes("snap"), store().load(two).orElseThrow().snapshot());
    }

    @Test
    void compactReplacesUpdatesUpToSeq() {
        String id = newId();
        store().append(id, bytes("a"), meta("x"));
        long b = store().append(id, bytes("b"), meta("x"));
        long c = store().append(id, bytes("c"), meta("x"));
        store().compact(id, bytes("ab"), b);
        StoredDocument d = store().load(id).orElseThrow();
        assertArrayEquals(bytes("ab"), d.snapshot());
        assertEquals(List.of("c"), strings(d.updates()));
        assertEquals(c, d.lastSeq());

        long e = store().append(id, bytes("e"), meta("x"));
        assertTrue(e > c);
        d = store().load(id).orElseThrow();
        assertEquals(List.of("c", "e"), strings(d.updates()));
        assertEquals(e, d.lastSeq());
    }

    @Test
    void anOlderCompactionNeverReplacesANewerSnapshot() {
        String id = newId();
        long a = store().append(id, bytes("a"), meta("x"));
        long b = store().append(id, bytes("b"), meta("x"));
        store().append(id, bytes("c"), meta("x"));
        store().compact(id, bytes("ab"), b);
        store().compact(id, bytes("a"), a);
        StoredDocument d = store().load(id).orElseThrow();
        assertArrayEquals(bytes("ab"), d.snapshot());
        assertEquals(List.of("c"), strings(d.updates()));
    }

    @Test
    void compactionOfAnUnknownDocumentDoesNothing() {
        String id = newId();
        store().compact(id, bytes("s"), 3);
        assertTrue(store().load(id).isEmpty());
    }

    @Test
    void concurrentAppendsGetDistinctSeqs() throws Exception {
        String id = newId();
        List<DocumentStore> nodes = nodes();
        int threads = 4;
        int each = 25;
        Set<Long> seqs = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                DocumentStore s = nodes.get(t % nodes.size());
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        assertTrue(seqs.add(s.append(id, bytes(thread + "-" + i), meta("t" + thread))));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each, seqs.size());
        StoredDocument d = store().load(id).orElseThrow();
        assertEquals(threads * each, d.updates().size());
        assertEquals(Collections.max(seqs), d.lastSeq());
        // each thread's updates come back in the order that thread appended them
        for (int t = 0; t < threads; t++) {
            String prefix = t + "-";
            List<String> mine = strings(d.updates()).stream().filter(u -> u.startsWith(prefix)).toList();
            for (int i = 0; i < each; i++) {
                assertEquals(prefix + i, mine.get(i));
            }
        }
        assertTrue(store().verifyAudit(id).intact());
        assertEquals(threads * each, store().verifyAudit(id).entries());
    }

    /**
     * Appenders and a compactor race; the snapshot here is just the text of the seq it covers. At the end, the
     * snapshot plus the remaining updates must account for every update ever appended, each exactly once.
     */
    @Test
    void compactionRacingAppendsLosesNothing() throws Exception {
        String id = newId();
        List<DocumentStore> nodes = nodes();
        Map<Long, String> appended = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> appenders = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                DocumentStore s = nodes.get(t % nodes.size());
                int thread = t;
                appenders.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        String u = "u" + thread + "-" + i;
                        appended.put(s.append(id, bytes(u), meta("t")), u);
                    }
                    return null;
                }));
            }
            Future<?> compactor = pool.submit(() -> {
                int round = 0;
                while (running.get()) {
                    DocumentStore s = nodes.get(round++ % nodes.size());
                    s.load(id).ifPresent(d -> {
                        if (d.lastSeq() > 0) {
                            s.compact(id, bytes(Long.toString(d.lastSeq())), d.lastSeq());
                        }
                    });
                    // an out-of-date compaction racing the others must change nothing
                    s.compact(id, bytes("1"), 1);
                }
                return null;
            });
            for (Future<?> f : appenders) {
                f.get(60, TimeUnit.SECONDS);
            }
            running.set(false);
            compactor.get(60, TimeUnit.SECONDS);
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
        StoredDocument d = store().load(id).orElseThrow();
        long covered = d.snapshot() == null || d.snapshot().length == 0 ? 0
                : Long.parseLong(new String(d.snapshot(), StandardCharsets.UTF_8));
        TreeMap<Long, String> expected = new TreeMap<>(appended.entrySet().stream()
                .filter(e -> e.getKey() > covered).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        Map.Entry::getValue)));
        assertEquals(List.copyOf(expected.values()), strings(d.updates()), "covered up to " + covered);
        assertEquals(90, appended.size());
        assertEquals(Collections.max(appended.keySet()), d.lastSeq());
        assertEquals(90, store().verifyAudit(id).entries());
    }

    @Test
    void versionsAreKeptInOrderAndReadBack() {
        String id = newId();
        store().append(id, bytes("a"), meta("x"));
        VersionInfo v1 = store().saveVersion(id, "first", bytes("state-1"), "alice");
        VersionInfo v2 = store().saveVersion(id, null, bytes("state-two"), null);
        assertEquals("first", v1.name());
        assertEquals("alice", v1.createdBy());
        assertEquals(7, v1.size());
        assertNull(v2.name());
        assertEquals(9, v2.size());
        assertFalse(v1.versionId().equals(v2.versionId()));
        assertEquals(List.of(v1, v2), store().versions(id));
        assertArrayEquals(bytes("state-1"), store().readVersion(id, v1.versionId()).orElseThrow());
        assertArrayEquals(bytes("state-two"), store().readVersion(id, v2.versionId()).orElseThrow());
        assertTrue(store().readVersion(newId(), v1.versionId()).isEmpty(), "a version belongs to its document");
        assertTrue(store().readVersion(id, UUID.randomUUID().toString()).isEmpty());
        // versions do not touch the log
        assertEquals(List.of("a"), strings(store().load(id).orElseThrow().updates()));
    }

    @Test
    void deleteRemovesEverything() {
        String id = newId();
        store().append(id, bytes("a"), meta("x"));
        long b = store().append(id, bytes("b"), meta("x"));
        store().append(id, bytes("c"), meta("x"));
        store().compact(id, bytes("ab"), b);
        store().saveVersion(id, "v", bytes("s"), "x");
        store().delete(id);
        assertTrue(store().load(id).isEmpty());
        assertEquals(List.of(), store().versions(id));
        assertEquals(List.of(), store().auditTrail(id, 0, 100));
        AuditVerification v = store().verifyAudit(id);
        assertTrue(v.intact());
        assertEquals(0, v.entries());

        // the id can be used again; its new trail chains from the start
        store().append(id, bytes("again"), meta("y"));
        assertEquals(List.of("again"), strings(store().load(id).orElseThrow().updates()));
        assertEquals(1, store().auditTrail(id, 0, 100).size());
        assertTrue(store().verifyAudit(id).intact());
    }

    @Test
    void auditRecordsEveryUpdateAndOutlivesCompaction() {
        String id = newId();
        Instant at = Instant.parse("2025-06-01T10:00:00.123456789Z");
        long a = store().append(id, bytes("first"), new UpdateMeta("alice", "c1", at));
        long b = store().append(id, bytes("second!"), new UpdateMeta(null, null, at.plusMillis(5)));
        long c = store().append(id, bytes("3"), new UpdateMeta("bob", "c2", at.plusSeconds(1)));
        store().compact(id, bytes("snap"), c);

        List<AuditEntry> trail = store().auditTrail(id, 0, 100);
        assertEquals(List.of(a, b, c), trail.stream().map(AuditEntry::seq).toList());
        AuditEntry first = trail.get(0);
        assertEquals("alice", first.subject());
        assertEquals("c1", first.connectionId());
        assertEquals(Instant.parse("2025-06-01T10:00:00.123Z"), first.at(), "stored to the millisecond");
        assertEquals(5, first.size());
        assertEquals(AuditChain.sha256(bytes("first")), first.updateSha256());
        assertEquals(AuditChain.next(AuditChain.GENESIS, id, a, "alice", "c1", first.at(), 5, first.updateSha256()),
                first.chainHash());
        assertNull(trail.get(1).subject());
        assertNull(trail.get(1).connectionId());
        assertEquals(7, trail.get(1).size());
        assertEquals("bob", trail.get(2).subject());

        assertEquals(List.of(b, c), store().auditTrail(id, a, 100).stream().map(AuditEntry::seq).toList());
        assertEquals(List.of(a, b), store().auditTrail(id, 0, 2).stream().map(AuditEntry::seq).toList());
        assertEquals(List.of(), store().auditTrail(id, c, 100));

        AuditVerification v = store().verifyAudit(id);
        assertTrue(v.intact(), String.valueOf(v.problem()));
        assertEquals(3, v.entries());
    }

    @Test
    void auditVerificationFailsAfterAnEntryIsAltered() throws Exception {
        String id = newId();
        store().append(id, bytes("a"), meta("alice"));
        long b = store().append(id, bytes("b"), meta("alice"));
        store().append(id, bytes("c"), meta("alice"));
        assertTrue(store().verifyAudit(id).intact());
        assumeTrue(tamperAuditSubject(id, b, "mallory"), "this store cannot be altered from outside");

        AuditVerification v = store().verifyAudit(id);
        assertFalse(v.intact());
        assertEquals(b, v.firstBrokenSeq());
        assertEquals(3, v.entries());
        assertEquals("mallory", store().auditTrail(id, 0, 100).get(1).subject());
    }

    @Test
    void twoNodesShareDocuments() {
        DocumentStore other = secondNode();
        assumeTrue(other != null, "this store is not shared between nodes");
        String id = newId();
        long a = store().append(id, bytes("a"), meta("x"));
        long b = other.append(id, bytes("b"), meta("y"));
        assertTrue(b > a);
        assertEquals(List.of("a", "b"), strings(other.load(id).orElseThrow().updates()));
        other.compact(id, bytes("ab"), b);
        long c = store().append(id, bytes("c"), meta("x"));
        StoredDocument d = store().load(id).orElseThrow();
        assertArrayEquals(bytes("ab"), d.snapshot());
        assertEquals(List.of("c"), strings(d.updates()));
        assertEquals(c, d.lastSeq());
        VersionInfo v = other.saveVersion(id, "v", bytes("s"), "y");
        assertEquals(List.of(v), store().versions(id));
        assertTrue(other.verifyAudit(id).intact());
        assertEquals(3, store().auditTrail(id, 0, 100).size());
        store().delete(id);
        assertTrue(other.load(id).isEmpty());
    }

    @Test
    void appendAllStoresAGroupOfSeveralDocumentsInOrder() {
        String a = newId();
        String b = newId();
        long before = store().append(a, bytes("a0"), meta("x"));
        List<DocumentStore.Append> group = List.of(new DocumentStore.Append(b, bytes("b1"), meta("y")),
                new DocumentStore.Append(a, bytes("a1"), meta("x")), new DocumentStore.Append(b, bytes("b2"), meta("z")),
                new DocumentStore.Append(a, bytes("a2"), meta("y")));
        long[] seqs = store().appendAll(group);
        assertEquals(4, seqs.length);
        assertTrue(seqs[1] > before && seqs[3] > seqs[1], "a's seqs follow its earlier update, in group order");
        assertTrue(seqs[2] > seqs[0], "b's seqs in group order");
        assertEquals(List.of("a0", "a1", "a2"), strings(store().load(a).orElseThrow().updates()));
        assertEquals(List.of("b1", "b2"), strings(store().load(b).orElseThrow().updates()));
        assertEquals(seqs[3], store().load(a).orElseThrow().lastSeq());
        List<AuditEntry> trail = store().auditTrail(b, 0, 10);
        assertEquals(List.of("y", "z"), trail.stream().map(AuditEntry::subject).toList());
        assertEquals(List.of(seqs[0], seqs[2]), trail.stream().map(AuditEntry::seq).toList());
        assertTrue(store().verifyAudit(a).intact());
        assertTrue(store().verifyAudit(b).intact());
    }

    @Test
    void concurrentGroupsOfTheSameDocumentsLoseNothing() throws Exception {
        List<String> ids = List.of(newId(), newId(), newId());
        List<DocumentStore> stores = nodes();
        int writers = 4;
        int groups = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    DocumentStore s = stores.get(writer % stores.size());
                    for (int g = 0; g < groups; g++) {
                        List<DocumentStore.Append> group = new ArrayList<>();
                        // each writer names the documents in another order: locking must not deadlock
                        for (int k = 0; k < ids.size(); k++) {
                            String id = ids.get((k + writer) % ids.size());
                            group.add(new DocumentStore.Append(id, bytes(writer + "-" + g), meta("w" + writer)));
                        }
                        s.appendAll(group);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String id : ids) {
            StoredDocument d = store().load(id).orElseThrow();
            assertEquals(writers * groups, d.updates().size());
            assertEquals(writers * groups, Set.copyOf(strings(d.updates())).size());
            assertTrue(store().verifyAudit(id).intact());
        }
    }

    private List<DocumentStore> nodes() {
        DocumentStore other = secondNode();
        return other == null ? List.of(store()) : List.of(store(), other);
    }
}
