package dev.aqueduct.storage.jpa;

import dev.aqueduct.api.AuditChain;
import dev.aqueduct.api.spi.DocumentStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Documents in a database through Jakarta Persistence. Every write is one committed transaction, so it is durable
 * when the method returns.
 *
 * <p>Concurrency, also between nodes: appends, version saves, compactions and deletes of a document first lock its
 * {@link DocumentRow} ({@code SELECT ... FOR UPDATE}), so they run one at a time per document and each reads the
 * latest seq and chain hash. A counter row was chosen over "insert max(seq)+1 and retry on a duplicate" because the
 * audit chain needs the previous entry's hash anyway, and a lock gives it without retries under contention. The only
 * retry left is when two nodes create the same document's row at once: the loser's insert fails on the primary key
 * and it runs again, finding the row.
 */
final class JpaDocumentStore implements DocumentStore {

    private static final int ATTEMPTS = 5;

    private final EntityManagerFactory emf;
    private final Clock clock;

    JpaDocumentStore(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    @Override
    public Optional<StoredDocument> load(String documentId) {
        return read(em -> {
            if (em.find(DocumentRow.class, documentId) == null) {
                return Optional.empty();
            }
            // Read committed: a compaction may commit between reading the snapshot and reading the log. Snapshots only
            // move forward, so an unchanged up_to_seq afterwards proves the two reads fit together.
            while (true) {
                SnapshotRow snap = em.createQuery("SELECT s FROM SnapshotRow s WHERE s.docId = :d", SnapshotRow.class)
                        .setParameter("d", documentId).getResultStream().findFirst().orElse(null);
                long upTo = snap == null ? 0 : snap.upToSeq;
                List<UpdateRow> log = em.createQuery("SELECT u FROM UpdateRow u WHERE u.docId = :d AND u.seq > :s "
                                + "ORDER BY u.seq", UpdateRow.class)
                        .setParameter("d", documentId).setParameter("s", upTo).getResultList();
                if (snapshotSeq(em, documentId) == upTo) {
                    long last = log.isEmpty() ? upTo : log.get(log.size() - 1).seq;
                    return Optional.of(new StoredDocument(snap == null ? new byte[0] : snap.state,
                            log.stream().map(u -> u.bytes).toList(), last));
                }
                em.clear();
            }
        });
    }

    private static long snapshotSeq(EntityManager em, String documentId) {
        return em.createQuery("SELECT s.upToSeq FROM SnapshotRow s WHERE s.docId = :d", Long.class)
                .setParameter("d", documentId).getResultStream().findFirst().orElse(0L);
    }

    @Override
    public long append(String documentId, byte[] update, UpdateMeta meta) {
        return write(em -> appendTo(em, lockOrCreate(em, documentId), update, meta));
    }

    /**
     * One transaction for the whole group: one log flush instead of one per update. Counter rows are locked in
     * document id order, so two nodes committing groups of the same documents cannot deadlock.
     */
    @Override
    public long[] appendAll(List<Append> appends) {
        Integer[] order = new Integer[appends.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // stable: the updates of one document keep their order
        Arrays.sort(order, Comparator.comparing(i -> appends.get(i).documentId()));
        return write(em -> {
            long[] seqs = new long[order.length];
            Map<String, DocumentRow> locked = new HashMap<>();
            for (int i : order) {
                Append a = appends.get(i);
                DocumentRow doc = locked.computeIfAbsent(a.documentId(), id -> lockOrCreate(em, id));
                seqs[i] = appendTo(em, doc, a.update(), a.meta());
            }
            return seqs;
        });
    }

    private static long appendTo(EntityManager em, DocumentRow doc, byte[] update, UpdateMeta meta) {
        long seq = doc.lastSeq + 1;
        Instant at = Instant.ofEpochMilli(meta.at().toEpochMilli());
        AuditRow a = new AuditRow();
        a.docId = doc.docId;
        a.seq = seq;
        a.subject = meta.subject();
        a.connectionId = meta.connectionId();
        a.atMs = at.toEpochMilli();
        a.size = update.length;
        a.updateSha256 = AuditChain.sha256(update);
        a.chainHash = AuditChain.next(doc.lastHash, doc.docId, seq, a.subject, a.connectionId, at, a.size,
                a.updateSha256);
        em.persist(new UpdateRow(doc.docId, seq, update.clone()));
        em.persist(a);
        doc.lastSeq = seq;
        doc.lastHash = a.chainHash;
        return seq;
    }

    @Override
    public void compact(String documentId, byte[] snapshot, long upToSeq) {
        write(em -> {
            DocumentRow doc = em.find(DocumentRow.class, documentId, LockModeType.PESSIMISTIC_WRITE);
            if (doc == null || upToSeq > doc.lastSeq) {
                return null;
            }
            SnapshotRow current = em.find(SnapshotRow.class, documentId);
            if (current != null && current.upToSeq >= upToSeq) {
                return null;
            }
            em.createQuery("DELETE FROM UpdateRow u WHERE u.docId = :d AND u.seq <= :s")
                    .setParameter("d", documentId).setParameter("s", upToSeq).executeUpdate();
            if (current == null) {
                em.persist(new SnapshotRow(documentId, upToSeq, snapshot.clone()));
            } else {
                current.upToSeq = upToSeq;
                current.state = snapshot.clone();
            }
            return null;
        });
    }

    @Override
    public VersionInfo saveVersion(String documentId, String name, byte[] state, String createdBy) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        return write(em -> {
            DocumentRow doc = lockOrCreate(em, documentId);
            VersionRow v = new VersionRow();
            v.versionId = UUID.randomUUID().toString();
            v.docId = documentId;
            v.number = ++doc.versionCount;
            v.name = name;
            v.createdMs = now.toEpochMilli();
            v.createdBy = createdBy;
            v.size = state.length;
            v.state = state.clone();
            em.persist(v);
            return new VersionInfo(v.versionId, name, now, createdBy, state.length);
        });
    }

    @Override
    public List<VersionInfo> versions(String documentId) {
        return read(em -> em.createQuery("SELECT v.versionId, v.name, v.createdMs, v.createdBy, v.size "
                        + "FROM VersionRow v WHERE v.docId = :d ORDER BY v.number", Object[].class)
                .setParameter("d", documentId).getResultList().stream()
                .map(r -> new VersionInfo((String) r[0], (String) r[1], Instant.ofEpochMilli((Long) r[2]),
                        (String) r[3], (Long) r[4]))
                .toList());
    }

    @Override
    public Optional<byte[]> readVersion(String documentId, String versionId) {
        return read(em -> Optional.ofNullable(em.find(VersionRow.class, versionId))
                .filter(v -> v.docId.equals(documentId)).map(v -> v.state));
    }

    @Override
    public void delete(String documentId) {
        write(em -> {
            em.find(DocumentRow.class, documentId, LockModeType.PESSIMISTIC_WRITE);
            for (String entity : List.of("UpdateRow", "SnapshotRow", "VersionRow", "AuditRow", "DocumentRow")) {
                em.createQuery("DELETE FROM " + entity + " x WHERE x.docId = :d").setParameter("d", documentId)
                        .executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<AuditEntry> auditTrail(String documentId, long afterSeq, int limit) {
        return read(em -> {
            TypedQuery<AuditRow> q = em.createQuery("SELECT a FROM AuditRow a WHERE a.docId = :d AND a.seq > :s "
                    + "ORDER BY a.seq", AuditRow.class).setParameter("d", documentId).setParameter("s", afterSeq);
            if (limit < Integer.MAX_VALUE) {
                q.setMaxResults(limit);
            }
            return q.getResultList().stream().map(a -> new AuditEntry(a.seq, a.subject, a.connectionId,
                    Instant.ofEpochMilli(a.atMs), a.size, a.updateSha256, a.chainHash)).toList();
        });
    }

    @Override
    public AuditVerification verifyAudit(String documentId) {
        return AuditChain.verify(documentId, auditTrail(documentId, 0, Integer.MAX_VALUE));
    }

    /** The document's counter row, locked until the transaction ends; created (and flushed) if it is new. */
    private static DocumentRow lockOrCreate(EntityManager em, String documentId) {
        DocumentRow doc = em.find(DocumentRow.class, documentId, LockModeType.PESSIMISTIC_WRITE);
        if (doc == null) {
            doc = new DocumentRow(documentId, AuditChain.GENESIS);
            em.persist(doc);
            em.flush();
        }
        return doc;
    }

    private <T> T read(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    private <T> T write(Function<EntityManager, T> work) {
        for (int attempt = 1; ; attempt++) {
            EntityManager em = emf.createEntityManager();
            EntityTransaction tx = em.getTransaction();
            try {
                tx.begin();
                T result = work.apply(em);
                tx.commit();
                return result;
            } catch (PersistenceException e) {
                if (attempt >= ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
            } finally {
                if (tx.isActive()) {
                    tx.rollback();
                }
                em.close();
            }
        }
    }

    /** A duplicate key (two nodes created the same row), a deadlock or a lock timeout: worth running again. */
    static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                return state.startsWith("23") || state.startsWith("40");
            }
        }
        return false;
    }
}
