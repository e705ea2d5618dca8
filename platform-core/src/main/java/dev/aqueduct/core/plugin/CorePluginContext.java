package dev.aqueduct.core.plugin;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.spi.RoomPublisher;
import dev.aqueduct.core.config.Settings;
import dev.aqueduct.core.security.DevTokenIssuer;
import java.time.Clock;
import java.util.Optional;

/**
 * The plugin context with the extra wiring that built-in plugins of the core need (settings outside their own
 * scope, the development issuer). Third-party plugins see only {@link PluginContext}.
 */
public record CorePluginContext(String nodeId, Clock clock, RoomPublisher publisher, Settings settings,
                                Optional<DevTokenIssuer> devIssuer) implements PluginContext {

    /** The core context behind a plugin context, for built-in plugins. */
    public static CorePluginContext of(PluginContext context) {
        if (context instanceof CorePluginContext c) {
            return c;
        }
        throw new IllegalStateException("this built-in plugin needs the platform core's context");
    }
}
