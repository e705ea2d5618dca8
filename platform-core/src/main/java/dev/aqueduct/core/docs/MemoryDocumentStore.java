package dev.aqueduct.core.docs;

import dev.aqueduct.api.AuditChain;
import dev.aqueduct.api.spi.DocumentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Documents in the JVM's memory: for tests and single-node trials; a restart loses them. */
public final class MemoryDocumentStore implements DocumentStore {

    private record Update(long seq, byte[] bytes) {
    }

    private record Version(VersionInfo info, byte[] state) {
    }

    private static final class Doc {
        byte[] snapshot = new byte[0];
        final List<Update> updates = new ArrayList<>();
        final List<Version> versions = new ArrayList<>();
        final List<AuditEntry> audit = new ArrayList<>();
        long lastSeq;
    }

    private final ConcurrentHashMap<String, Doc> docs = new ConcurrentHashMap<>();
    private final Clock clock;

    public MemoryDocumentStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<StoredDocument> load(String documentId) {
        Doc d = docs.get(documentId);
        if (d == null) {
            return Optional.empty();
        }
        synchronized (d) {
            return Optional.of(new StoredDocument(d.snapshot, d.updates.stream().map(Update::bytes).toList(), d.lastSeq));
        }
    }

    @Override
    public long append(String documentId, byte[] update, UpdateMeta meta) {
        Doc d = docs.computeIfAbsent(documentId, id -> new Doc());
        synchronized (d) {
            long seq = ++d.lastSeq;
            d.updates.add(new Update(seq, update.clone()));
            Instant at = Instant.ofEpochMilli(meta.at().toEpochMilli());
            String digest = AuditChain.sha256(update);
            String previous = d.audit.isEmpty() ? AuditChain.GENESIS : d.audit.get(d.audit.size() - 1).chainHash();
            d.audit.add(new AuditEntry(seq, meta.subject(), meta.connectionId(), at, update.length, digest,
                    AuditChain.next(previous, documentId, seq, meta.subject(), meta.connectionId(), at, update.length,
                            digest)));
            return seq;
        }
    }

    @Override
    public void compact(String documentId, byte[] snapshot, long upToSeq) {
        Doc d = docs.get(documentId);
        if (d == null) {
            return;
        }
        synchronized (d) {
            if (d.updates.isEmpty() || d.updates.get(0).seq() > upToSeq) {
                return;
            }
            d.updates.removeIf(u -> u.seq() <= upToSeq);
            d.snapshot = snapshot.clone();
        }
    }

    @Override
    public VersionInfo saveVersion(String documentId, String name, byte[] state, String createdBy) {
        Doc d = docs.computeIfAbsent(documentId, id -> new Doc());
        VersionInfo info = new VersionInfo(UUID.randomUUID().toString(), name, clock.instant(), createdBy, state.length);
        synchronized (d) {
            d.versions.add(new Version(info, state.clone()));
        }
        return info;
    }

    @Override
    public List<VersionInfo> versions(String documentId) {
        Doc d = docs.get(documentId);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return d.versions.stream().map(Version::info).toList();
        }
    }

    @Override
    public Optional<byte[]> readVersion(String documentId, String versionId) {
        Doc d = docs.get(documentId);
        if (d == null) {
            return Optional.empty();
        }
        synchronized (d) {
            return d.versions.stream().filter(v -> v.info().versionId().equals(versionId)).findFirst()
                    .map(v -> v.state().clone());
        }
    }

    @Override
    public void delete(String documentId) {
        docs.remove(documentId);
    }

    @Override
    public List<AuditEntry> auditTrail(String documentId, long afterSeq, int limit) {
        Doc d = docs.get(documentId);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return d.audit.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
        }
    }

    @Override
    public AuditVerification verifyAudit(String documentId) {
        return AuditChain.verify(documentId, auditTrail(documentId, 0, Integer.MAX_VALUE));
    }
}
