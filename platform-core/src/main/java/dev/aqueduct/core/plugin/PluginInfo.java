package dev.aqueduct.core.plugin;

/**
 * One row of the plugin listing shown by the admin API.
 *
 * @param id      plugin id
 * @param spi     simple name of the SPI it provides
 * @param version plugin version
 * @param enabled whether it is switched on
 * @param healthy whether it started and reports itself up
 * @param message why it is not healthy, or its status
 * @param order   its position among plugins of the same SPI
 * @param source  the jar it was loaded from, when known
 */
public record PluginInfo(String id, String spi, String version, boolean enabled, boolean healthy, String message,
                         int order, String source) {
}
