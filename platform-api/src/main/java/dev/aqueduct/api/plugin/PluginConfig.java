package dev.aqueduct.api.plugin;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of one plugin: the keys under {@code aqueduct.plugin.<id>.} in MicroProfile Config (environment
 * variables {@code AQUEDUCT_PLUGIN_<ID>_<KEY>} override files), possibly overridden at run time by an operator.
 * Keys are given without the prefix, e.g. {@code config.get("url")} reads {@code aqueduct.plugin.<id>.url}.
 */
public interface PluginConfig {

    /** The plugin id this configuration belongs to. */
    String pluginId();

    /** The raw value of a key, if set. */
    Optional<String> get(String key);

    /** The keys that have a value (as far as the config sources can enumerate them). */
    Set<String> keys();

    default String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** An integer setting; a value that is not an integer is an {@link IllegalArgumentException} naming the key. */
    default int getInt(String key, int defaultValue) {
        return get(key).map(v -> parse(key, v, Integer::parseInt)).orElse(defaultValue);
    }

    default long getLong(String key, long defaultValue) {
        return get(key).map(v -> parse(key, v, Long::parseLong)).orElse(defaultValue);
    }

    default boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> parse(key, v, s -> {
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s);
            }
            throw new IllegalArgumentException("not true or false");
        })).orElse(defaultValue);
    }

    /** A duration written as ISO-8601 ({@code PT30S}) or a number with a unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
    default Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> parse(key, v, Durations::parse)).orElse(defaultValue);
    }

    /** The full name of a key, as it appears in error messages: {@code aqueduct.plugin.<id>.<key>}. */
    default String qualifiedKey(String key) {
        return "aqueduct.plugin." + pluginId() + "." + key;
    }

    private <V> V parse(String key, String value, java.util.function.Function<String, V> parser) {
        try {
            return parser.apply(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(qualifiedKey(key) + ": cannot use '" + value + "' (" + e.getMessage()
                    + ")", e);
        }
    }
}
