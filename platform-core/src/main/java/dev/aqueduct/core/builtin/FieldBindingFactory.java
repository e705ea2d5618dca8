package dev.aqueduct.core.builtin;

import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.EditorBinding;
import java.util.function.Function;

/**
 * A built-in editor binding as a plugin: its id, and its {@code field} setting (the name of the root shared type it
 * edits), which must not be empty.
 */
abstract class FieldBindingFactory implements PluginFactory<EditorBinding> {

    private final String id;
    private final String defaultField;
    private final Function<String, EditorBinding> binding;
    private String field;

    FieldBindingFactory(String id, String defaultField, Function<String, EditorBinding> binding) {
        this.id = id;
        this.defaultField = defaultField;
        this.binding = binding;
        this.field = defaultField;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Class<EditorBinding> spi() {
        return EditorBinding.class;
    }

    @Override
    public final int order() {
        return 1000;
    }

    @Override
    public final void init(PluginConfig config) {
        String f = config.get("field", defaultField).trim();
        if (f.isEmpty()) {
            throw new IllegalArgumentException(config.qualifiedKey("field") + " must not be empty");
        }
        field = f;
    }

    @Override
    public final EditorBinding create(PluginContext context) {
        return binding.apply(field);
    }
}
