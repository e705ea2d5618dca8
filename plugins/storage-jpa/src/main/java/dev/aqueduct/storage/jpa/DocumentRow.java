package dev.aqueduct.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row per document: the counters that appends and version saves lock (SELECT ... FOR UPDATE) so that every node
 * hands out the next seq and chains the next audit hash from the same, latest row.
 */
@Entity
@Table(name = "aq_document")
public class DocumentRow {

    @Id
    @Column(name = "doc_id")
    public String docId;

    @Column(name = "last_seq", nullable = false)
    public long lastSeq;

    @Column(name = "last_hash", nullable = false)
    public String lastHash;

    @Column(name = "version_count", nullable = false)
    public long versionCount;

    public DocumentRow() {
    }

    DocumentRow(String docId, String genesis) {
        this.docId = docId;
        this.lastHash = genesis;
    }
}
