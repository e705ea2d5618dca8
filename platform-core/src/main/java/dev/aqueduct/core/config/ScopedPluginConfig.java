package dev.aqueduct.core.config;

import dev.aqueduct.api.plugin.PluginConfig;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/** A plugin's view of the settings: the keys under {@code aqueduct.plugin.<id>.}. */
public final class ScopedPluginConfig implements PluginConfig {

    private final String pluginId;
    private final Settings settings;
    private final Supplier<Iterable<String>> allKeys;

    public ScopedPluginConfig(String pluginId, Settings settings, Supplier<Iterable<String>> allKeys) {
        this.pluginId = pluginId;
        this.settings = settings;
        this.allKeys = allKeys;
    }

    public static String prefix(String pluginId) {
        return "aqueduct.plugin." + pluginId + ".";
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public Optional<String> get(String key) {
        return settings.get(prefix(pluginId) + key);
    }

    @Override
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        String prefix = prefix(pluginId);
        for (String k : allKeys.get()) {
            if (k.startsWith(prefix)) {
                keys.add(k.substring(prefix.length()));
            }
        }
        return keys;
    }
}
