package dev.aqueduct.api.plugin;

/**
 * The entry point of a plugin, discovered with {@link java.util.ServiceLoader}: list the implementation class in
 * {@code META-INF/services/dev.aqueduct.api.plugin.PluginFactory} of the plugin jar.
 *
 * <p>Life cycle, once per server start: the platform reads the plugin's settings ({@code aqueduct.plugin.<id>.*}),
 * skips it when {@code aqueduct.plugin.<id>.enabled=false}, calls {@link #init(PluginConfig)}, then
 * {@link #create(PluginContext)} to obtain the provider, asks {@link #health()} for readiness while running, and
 * calls {@link #close()} on shutdown. Factories of the same SPI are used in ascending {@link #order()}.
 *
 * @param <T> the SPI this factory provides, for example {@link dev.aqueduct.api.spi.RoomAccessPolicy}
 */
public interface PluginFactory<T> {

    /**
     * A unique, stable id such as {@code claims-policy} or {@code storage-jpa}; it names the configuration scope
     * {@code aqueduct.plugin.<id>.*} (environment {@code AQUEDUCT_PLUGIN_<ID>_<KEY>}). Use lowercase letters,
     * digits and dashes.
     */
    String id();

    /**
     * The configuration scope {@code aqueduct.plugin.<scope>.*}, including the {@code enabled} switch; by default
     * the {@link #id()}. A plugin that provides several SPIs (a broker that carries both the cluster bus and room
     * history) gives its factories one scope, so one set of settings and one switch serve them all.
     */
    default String configScope() {
        return id();
    }

    /** The SPI interface implemented by what {@link #create} returns. */
    Class<T> spi();

    /** Position among the factories of the same SPI; lower runs first. Built-ins use multiples of 100. */
    default int order() {
        return 1000;
    }

    /**
     * Whether the plugin runs when {@code aqueduct.plugin.<id>.enabled} is not set. Plugins that need outside
     * services (a broker, a database) should return {@code false} so that adding the jar alone changes nothing.
     */
    default boolean enabledByDefault() {
        return true;
    }

    /**
     * Reads configuration. Throw {@link IllegalArgumentException} with a readable message on a bad setting: the
     * plugin is then reported unhealthy and not used.
     */
    default void init(PluginConfig config) {
    }

    /** Creates the provider. Called once after {@link #init}. */
    T create(PluginContext context);

    /** Readiness of the plugin, polled by the platform's readiness health check. */
    default PluginHealth health() {
        return PluginHealth.ok();
    }

    /** Releases resources (connections, threads). Called once on shutdown. */
    default void close() {
    }

    /** The plugin's version, shown in the admin listing; by default the jar's Implementation-Version. */
    default String version() {
        String v = getClass().getPackage() == null ? null : getClass().getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
