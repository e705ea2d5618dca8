package dev.aqueduct.core.builtin;

import dev.aqueduct.api.plugin.PluginConfig;

/** The {@code field} setting of the editor bindings: the name of the root shared type they edit. */
final class BindingFields {

    private BindingFields() {
    }

    static String field(PluginConfig config, String defaultField) {
        String field = config.get("field", defaultField).trim();
        if (field.isEmpty()) {
            throw new IllegalArgumentException(config.qualifiedKey("field") + " must not be empty");
        }
        return field;
    }
}
