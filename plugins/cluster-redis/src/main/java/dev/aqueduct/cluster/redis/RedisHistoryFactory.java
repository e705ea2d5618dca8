package dev.aqueduct.cluster.redis;

import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.plugin.PluginHealth;
import dev.aqueduct.api.spi.HistoryStore;
import java.util.Map;

/**
 * Room history on Redis Streams, so epoch and seq are global per room and a client resumes on any node. Shares the
 * settings and the switch of the Redis bus ({@code aqueduct.plugin.cluster-redis.*}).
 */
public final class RedisHistoryFactory implements PluginFactory<HistoryStore> {

    private RedisClient client;
    private HistoryLimits limits;

    @Override
    public String id() {
        return "cluster-redis-history";
    }

    @Override
    public String configScope() {
        return RedisBusFactory.SCOPE;
    }

    @Override
    public Class<HistoryStore> spi() {
        return HistoryStore.class;
    }

    @Override
    public int order() {
        return RedisBusFactory.ORDER;
    }

    @Override
    public boolean enabledByDefault() {
        return false;
    }

    @Override
    public void init(PluginConfig config) {
        RedisSettings settings = RedisSettings.from(config);
        limits = HistoryLimits.from(config);
        client = new RedisClient(settings);
    }

    @Override
    public HistoryStore create(PluginContext context) {
        return new RedisHistoryStore(client, limits, context.clock());
    }

    @Override
    public PluginHealth health() {
        if (client.ping()) {
            return new PluginHealth(true, "Redis at " + client.settings().address() + " answers",
                    Map.of("redis", client.settings().address()));
        }
        String why = client.lastError() == null ? "no answer" : client.lastError();
        return new PluginHealth(false, "Redis at " + client.settings().address() + " unreachable: " + why,
                Map.of("redis", client.settings().address()));
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
