package dev.aqueduct.core.bindings;

import dev.aqueduct.api.spi.EditorBinding;

/** A built-in binding that edits one root shared type of the document (its field) and can read it as plain text. */
public interface FieldBinding extends EditorBinding {

    /** The name of the root shared type this binding reads and replaces. */
    String field();

    /** The field's content as plain text, for diffs. */
    String plainText(byte[] yjsState);
}
