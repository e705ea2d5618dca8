package dev.aqueduct.storage.jpa;

import dev.aqueduct.api.plugin.PluginConfig;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

record MapConfig(Map<String, String> values) implements PluginConfig {

    @Override
    public String pluginId() {
        return "documents-jpa";
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }
}
