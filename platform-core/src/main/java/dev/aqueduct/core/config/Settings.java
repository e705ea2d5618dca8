package dev.aqueduct.core.config;

import dev.aqueduct.api.plugin.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Typed access to platform settings. Values come from MicroProfile Config (so environment variables override
 * files); run-time overrides set by an operator take precedence. Invalid values are reported with the key name.
 */
public final class Settings {

    private final Function<String, Optional<String>> source;
    private final Map<String, String> overrides = new ConcurrentHashMap<>();

    public Settings(Function<String, Optional<String>> source) {
        this.source = source;
    }

    /** Settings backed by a fixed map; for tests and tools. */
    public static Settings of(Map<String, String> values) {
        return new Settings(k -> Optional.ofNullable(values.get(k)));
    }

    public Optional<String> get(String key) {
        String o = overrides.get(key);
        if (o != null) {
            return Optional.of(o);
        }
        return source.apply(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        return get(key).map(v -> parse(key, v, Integer::parseInt)).orElse(defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        return get(key).map(v -> parse(key, v, Long::parseLong)).orElse(defaultValue);
    }

    public double getDouble(String key, double defaultValue) {
        return get(key).map(v -> parse(key, v, Double::parseDouble)).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> parse(key, v, s -> {
            if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("not true or false");
            }
            return Boolean.parseBoolean(s);
        })).orElse(defaultValue);
    }

    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> parse(key, v, Durations::parse)).orElse(defaultValue);
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

    private static <V> V parse(String key, String value, Function<String, V> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new InvalidSettingException(key, value, e.getMessage());
        }
    }
}
