package dev.aqueduct.core.builtin;

import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.EditorBinding;
import dev.aqueduct.core.bindings.ProseMirrorBinding;

/**
 * The {@code prosemirror} editor binding: ProseMirror JSON in the root {@code Y.XmlFragment}
 * {@code aqueduct.plugin.binding-prosemirror.field} ({@code default}, Tiptap's).
 */
public final class ProseMirrorBindingFactory implements PluginFactory<EditorBinding> {

    static final String DEFAULT_FIELD = "default";

    private String field = DEFAULT_FIELD;

    @Override
    public String id() {
        return "binding-prosemirror";
    }

    @Override
    public Class<EditorBinding> spi() {
        return EditorBinding.class;
    }

    @Override
    public int order() {
        return 1000;
    }

    @Override
    public void init(PluginConfig config) {
        field = BindingFields.field(config, DEFAULT_FIELD);
    }

    @Override
    public EditorBinding create(PluginContext context) {
        return new ProseMirrorBinding(field);
    }
}
