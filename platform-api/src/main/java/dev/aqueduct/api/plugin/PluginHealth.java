package dev.aqueduct.api.plugin;

import java.util.Map;

/**
 * Readiness of a plugin.
 *
 * @param up      whether the plugin can do its job now
 * @param message why not, or a short status
 * @param details extra facts for operators (never secrets)
 */
public record PluginHealth(boolean up, String message, Map<String, String> details) {

    public PluginHealth {
        message = message == null ? "" : message;
        details = Map.copyOf(details);
    }

    public static PluginHealth ok() {
        return new PluginHealth(true, "", Map.of());
    }

    public static PluginHealth down(String message) {
        return new PluginHealth(false, message, Map.of());
    }
}
