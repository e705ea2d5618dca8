package dev.aqueduct.core.config;

import dev.aqueduct.api.plugin.PluginConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Typed access to platform settings (the typed getters are those of {@link PluginConfig}, with full key names). Values come from MicroProfile Config (so environment variables override
 * files); run-time overrides set by an operator take precedence. Invalid values are reported with the key name.
 */
public final class Settings implements PluginConfig {

    private final Function<String, Optional<String>> source;
    private final Map<String, String> overrides = new ConcurrentHashMap<>();

    public Settings(Function<String, Optional<String>> source) {
        this.source = source;
    }

    /** Settings backed by a fixed map; for tests and tools. */
    public static Settings of(Map<String, String> values) {
        return new Settings(k -> Optional.ofNullable(values.get(k)));
    }

    @Override
    public Optional<String> get(String key) {
        String o = overrides.get(key);
        if (o != null) {
            return Optional.of(o);
        }
        return source.apply(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    @Override
    public String pluginId() {
        return "";
    }

    @Override
    public String qualifiedKey(String key) {
        return key;
    }

    /** Enumerating keys needs the config source; platform code asks for keys by name. */
    @Override
    public Set<String> keys() {
        return Set.of();
    }

    public double getDouble(String key, double defaultValue) {
        try {
            return get(key).map(v -> Double.parseDouble(v.trim())).orElse(defaultValue);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": cannot use '" + get(key).orElse("") + "' (not a number)", e);
        }
    }

    /** A comma-separated list; empty entries are dropped. */
    public List<String> getList(String key) {
        return get(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** Sets a run-time override; {@code null} removes it. */
    public void override(String key, String value) {
        if (value == null) {
            overrides.remove(key);
        } else {
            overrides.put(key, value);
        }
    }
}
