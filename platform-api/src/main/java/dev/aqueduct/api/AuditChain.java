package dev.aqueduct.api;

import dev.aqueduct.api.spi.DocumentStore.AuditEntry;
import dev.aqueduct.api.spi.DocumentStore.AuditVerification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash chain of document audit trails, the same for every store: each entry's hash is SHA-256 over the previous
 * entry's hash and this entry's fields, so a verifier needs only the stored entries. The first entry of a document
 * chains from {@link #GENESIS}.
 */
public final class AuditChain {

    /** The "previous hash" of a document's first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    /** The hash of an entry, given the hash of the one before it. */
    public static String next(String previousHash, String documentId, long seq, String subject, String connectionId,
                              Instant at, int size, String updateSha256) {
        MessageDigest d = digest();
        for (String field : new String[] {previousHash, documentId, Long.toString(seq), subject, connectionId,
                Long.toString(at.toEpochMilli()), Integer.toString(size), updateSha256}) {
            byte[] b = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
            d.update((byte) (field == null ? 0 : 1));
            d.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8),
                    (byte) b.length});
            d.update(b);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Checks entries (oldest first, as a store returns them) against their chain: each hash must follow from the
     * previous one and the entry's fields. A store's {@code verifyAudit} reads its entries and calls this.
     */
    public static AuditVerification verify(String documentId,
            List<AuditEntry> entries) {
        String previous = GENESIS;
        long lastSeq = 0;
        for (AuditEntry e : entries) {
            if (e.seq() <= lastSeq) {
                return new AuditVerification(false, entries.size(), e.seq(),
                        "entry " + e.seq() + " is out of order");
            }
            String expected = next(previous, documentId, e.seq(), e.subject(), e.connectionId(), e.at(), e.size(),
                    e.updateSha256());
            if (!expected.equals(e.chainHash())) {
                return new AuditVerification(false, entries.size(), e.seq(),
                        "entry " + e.seq() + " does not match its hash: it or an entry before it was altered");
            }
            previous = e.chainHash();
            lastSeq = e.seq();
        }
        return new AuditVerification(true, entries.size(), null, null);
    }
}
