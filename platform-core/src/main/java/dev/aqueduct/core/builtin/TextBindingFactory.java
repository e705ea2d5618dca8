package dev.aqueduct.core.builtin;

import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.EditorBinding;
import dev.aqueduct.core.bindings.TextBinding;

/** The {@code text} editor binding: plain text in the root {@code Y.Text} {@code aqueduct.plugin.binding-text.field}. */
public final class TextBindingFactory implements PluginFactory<EditorBinding> {

    static final String DEFAULT_FIELD = "text";

    private String field = DEFAULT_FIELD;

    @Override
    public String id() {
        return "binding-text";
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
        return new TextBinding(field);
    }
}
