package dev.aqueduct.core.builtin;

import dev.aqueduct.core.bindings.ProseMirrorBinding;

/**
 * The {@code prosemirror} editor binding: ProseMirror JSON in the root {@code Y.XmlFragment}
 * {@code aqueduct.plugin.binding-prosemirror.field} ({@code default}, Tiptap's).
 */
public final class ProseMirrorBindingFactory extends FieldBindingFactory {

    static final String DEFAULT_FIELD = "default";

    public ProseMirrorBindingFactory() {
        super("binding-prosemirror", DEFAULT_FIELD, ProseMirrorBinding::new);
    }
}
