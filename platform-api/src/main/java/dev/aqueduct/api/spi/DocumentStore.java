package dev.aqueduct.api.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persists collaborative documents as Yjs updates: an append-only log of updates plus compacted snapshots, and
 * named versions. An update must be durable when {@link #append} returns: clients are acknowledged only then.
 */
public interface DocumentStore {

    /** Who made an update and when, kept for the audit trail. */
    record UpdateMeta(String subject, String connectionId, Instant at) {
    }

    /** A stored document: the latest snapshot (may be empty) and the updates appended after it, in order. */
    record StoredDocument(byte[] snapshot, List<byte[]> updates, long lastSeq) {
    }

    /**
     * One stored update in a document's audit trail. {@code chainHash} links it to the entry before it (see
     * {@link dev.aqueduct.api.AuditChain}), so altering or removing an entry breaks every later hash.
     *
     * @param seq          the update's sequence number in the document's log
     * @param subject      who sent it ({@code null} for the system)
     * @param connectionId the connection it came from ({@code null} for REST and system changes)
     * @param at           when it was stored, to the millisecond (the precision the chain hashes)
     * @param size         its size in bytes
     * @param updateSha256 hex SHA-256 of the update bytes
     * @param chainHash    hex SHA-256 chained over the previous entry's hash and this entry's fields
     */
    record AuditEntry(long seq, String subject, String connectionId, Instant at, int size, String updateSha256,
                      String chainHash) {
    }

    /** Outcome of checking a document's audit chain: intact, or the first entry that does not match. */
    record AuditVerification(boolean intact, long entries, Long firstBrokenSeq, String problem) {
    }

    /** A named or automatic version of a document. */
    record VersionInfo(String versionId, String name, Instant createdAt, String createdBy, long size) {
    }

    /** Loads a document, or empty if it was never stored. */
    Optional<StoredDocument> load(String documentId);

    /** Appends an update durably and returns its sequence number in the document's log. */
    long append(String documentId, byte[] update, UpdateMeta meta);

    /** One update to append with {@link #appendAll}. */
    record Append(String documentId, byte[] update, UpdateMeta meta) {
    }

    /**
     * Appends several updates (of one or more documents, in order per document) and returns their sequence numbers
     * in the same order. When it returns, all of them are durable; when it throws, none of them is acknowledged
     * (a store may have kept some of them: applying a Yjs update twice changes nothing). The platform calls it with whatever arrived while the previous call ran (group commit), so a store
     * that can commit them in one transaction should override this loop over {@link #append}.
     */
    default long[] appendAll(List<Append> appends) {
        long[] seqs = new long[appends.size()];
        for (int i = 0; i < seqs.length; i++) {
            Append a = appends.get(i);
            seqs[i] = append(a.documentId(), a.update(), a.meta());
        }
        return seqs;
    }

    /** Replaces the updates up to and including {@code upToSeq} with {@code snapshot}. Must be safe to race. */
    void compact(String documentId, byte[] snapshot, long upToSeq);

    /** Saves the state as a version. */
    VersionInfo saveVersion(String documentId, String name, byte[] state, String createdBy);

    List<VersionInfo> versions(String documentId);

    Optional<byte[]> readVersion(String documentId, String versionId);

    /** Deletes a document with its log, snapshots, versions and audit trail. */
    void delete(String documentId);

    /**
     * The audit trail: entries with {@code seq > afterSeq}, oldest first, at most {@code limit}. Entries outlive
     * compaction: they describe every update ever stored, not only those still in the log.
     */
    List<AuditEntry> auditTrail(String documentId, long afterSeq, int limit);

    /** Recomputes the audit chain of a document from its stored entries. */
    AuditVerification verifyAudit(String documentId);
}
