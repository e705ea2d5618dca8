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

    /** A named or automatic version of a document. */
    record VersionInfo(String versionId, String name, Instant createdAt, String createdBy, long size) {
    }

    /** Loads a document, or empty if it was never stored. */
    Optional<StoredDocument> load(String documentId);

    /** Appends an update durably and returns its sequence number in the document's log. */
    long append(String documentId, byte[] update, UpdateMeta meta);

    /** Replaces the updates up to and including {@code upToSeq} with {@code snapshot}. Must be safe to race. */
    void compact(String documentId, byte[] snapshot, long upToSeq);

    /** Saves the state as a version. */
    VersionInfo saveVersion(String documentId, String name, byte[] state, String createdBy);

    List<VersionInfo> versions(String documentId);

    Optional<byte[]> readVersion(String documentId, String versionId);

    /** Deletes a document with its log, snapshots and versions. */
    void delete(String documentId);
}
