package dev.aqueduct.storage.jpa;

import java.io.Serializable;
import java.util.Objects;

/** The primary key of rows numbered per document: (document id, seq). */
public class SeqKey implements Serializable {

    private static final long serialVersionUID = 1L;

    public String docId;
    public long seq;

    public SeqKey() {
    }

    public SeqKey(String docId, long seq) {
        this.docId = docId;
        this.seq = seq;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeqKey k && k.seq == seq && Objects.equals(k.docId, docId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(docId, seq);
    }
}
