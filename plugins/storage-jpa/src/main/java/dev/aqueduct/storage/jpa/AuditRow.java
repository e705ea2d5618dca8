package dev.aqueduct.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One entry of a document's audit trail (see {@link dev.aqueduct.api.AuditChain}); kept through compactions. */
@Entity
@Table(name = "aq_audit")
@IdClass(SeqKey.class)
public class AuditRow {

    @Id
    @Column(name = "doc_id")
    public String docId;

    @Id
    @Column(name = "seq")
    public long seq;

    @Column(name = "subject")
    public String subject;

    @Column(name = "connection_id")
    public String connectionId;

    /** Epoch milliseconds: the precision the chain hashes, stored exactly on every database. */
    @Column(name = "at_ms", nullable = false)
    public long atMs;

    @Column(name = "size_bytes", nullable = false)
    public int size;

    @Column(name = "update_sha256", nullable = false)
    public String updateSha256;

    @Column(name = "chain_hash", nullable = false)
    public String chainHash;

    public AuditRow() {
    }
}
