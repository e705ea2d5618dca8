package dev.aqueduct.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/** One Yjs update in a document's log, until a compaction folds it into the snapshot. */
@Entity
@Table(name = "aq_update")
@IdClass(SeqKey.class)
public class UpdateRow {

    @Id
    @Column(name = "doc_id")
    public String docId;

    @Id
    @Column(name = "seq")
    public long seq;

    @Lob
    @Column(name = "bytes", nullable = false)
    public byte[] bytes;

    public UpdateRow() {
    }

    UpdateRow(String docId, long seq, byte[] bytes) {
        this.docId = docId;
        this.seq = seq;
        this.bytes = bytes;
    }
}
