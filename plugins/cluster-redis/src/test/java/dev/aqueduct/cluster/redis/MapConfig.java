package dev.aqueduct.cluster.redis;

import dev.aqueduct.api.plugin.PluginConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Plugin settings for tests, scoped like the real ones. */
record MapConfig(Map<String, String> values) implements PluginConfig {

    static MapConfig of(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new MapConfig(m);
    }

    @Override
    public String pluginId() {
        return "cluster-redis";
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
