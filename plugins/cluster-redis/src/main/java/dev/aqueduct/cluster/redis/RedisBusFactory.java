package dev.aqueduct.cluster.redis;

import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.plugin.PluginHealth;
import dev.aqueduct.api.spi.ClusterBus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster bus on Redis pub/sub. Off unless {@code aqueduct.plugin.cluster-redis.enabled=true}; it then takes
 * the place of the in-JVM bus, and {@link RedisHistoryFactory} (same settings, same switch) that of the memory
 * history.
 */
public final class RedisBusFactory implements PluginFactory<ClusterBus> {

    static final String SCOPE = "cluster-redis";
    /** Ahead of the single-node built-ins (order 1000). */
    static final int ORDER = 500;

    private RedisSettings settings;
    private RedisClusterBus bus;

    @Override
    public String id() {
        return SCOPE;
    }

    @Override
    public Class<ClusterBus> spi() {
        return ClusterBus.class;
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public boolean enabledByDefault() {
        return false;
    }

    @Override
    public void init(PluginConfig config) {
        settings = RedisSettings.from(config);
    }

    @Override
    public ClusterBus create(PluginContext context) {
        bus = new RedisClusterBus(settings, context.nodeId());
        return bus;
    }

    @Override
    public PluginHealth health() {
        RedisClusterBus b = bus;
        if (b == null) {
            return PluginHealth.down("not started");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("redis", settings.address());
        details.put("received", Long.toString(b.received()));
        details.put("dropped", Long.toString(b.dropped()));
        details.put("reconnects", Long.toString(b.reconnects()));
        String counts = "; received " + b.received() + ", not sent " + b.dropped() + ", reconnects " + b.reconnects();
        if (b.connected()) {
            return new PluginHealth(true, "connected to Redis at " + settings.address() + counts, details);
        }
        String why = b.lastError() == null ? "connecting" : b.lastError();
        return new PluginHealth(false, "Redis at " + settings.address() + " unreachable: " + why + counts, details);
    }

    @Override
    public void close() {
        if (bus != null) {
            bus.close();
        }
    }
}
