package dev.aqueduct.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/** The compacted state of a document: every update up to and including {@code upToSeq}. */
@Entity
@Table(name = "aq_snapshot")
public class SnapshotRow {

    @Id
    @Column(name = "doc_id")
    public String docId;

    @Column(name = "up_to_seq", nullable = false)
    public long upToSeq;

    @Lob
    @Column(name = "state", nullable = false)
    public byte[] state;

    public SnapshotRow() {
    }

    SnapshotRow(String docId, long upToSeq, byte[] state) {
        this.docId = docId;
        this.upToSeq = upToSeq;
        this.state = state;
    }
}
