package dev.aqueduct.core.builtin;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.HistoryStore;
import dev.aqueduct.core.config.Refreshed;
import dev.aqueduct.core.config.Settings;
import java.time.Duration;
import dev.aqueduct.core.hub.HistoryBounds;
import dev.aqueduct.core.hub.MemoryHistoryStore;
import dev.aqueduct.core.plugin.CorePluginContext;

/** Room history in memory, bounded by {@code aqueduct.history.*}; the single-node default. */
public final class MemoryHistoryFactory implements PluginFactory<HistoryStore> {

    @Override
    public String id() {
        return "history-memory";
    }

    @Override
    public Class<HistoryStore> spi() {
        return HistoryStore.class;
    }

    @Override
    public int order() {
        return 1000;
    }

    @Override
    public HistoryStore create(PluginContext context) {
        Settings s = CorePluginContext.of(context).settings();
        return new MemoryHistoryStore(Refreshed.every(Duration.ofSeconds(1), () -> HistoryBounds.from(s)),
                context.clock());
    }
}
