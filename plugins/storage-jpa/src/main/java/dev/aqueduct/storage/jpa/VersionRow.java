package dev.aqueduct.storage.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/** A saved version of a document; {@code number} keeps them in the order they were saved. */
@Entity
@Table(name = "aq_version")
public class VersionRow {

    @Id
    @Column(name = "version_id")
    public String versionId;

    @Column(name = "doc_id", nullable = false)
    public String docId;

    @Column(name = "version_no", nullable = false)
    public long number;

    @Column(name = "name")
    public String name;

    @Column(name = "created_ms", nullable = false)
    public long createdMs;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "size_bytes", nullable = false)
    public long size;

    @Lob
    @Column(name = "state", nullable = false)
    public byte[] state;

    public VersionRow() {
    }
}
