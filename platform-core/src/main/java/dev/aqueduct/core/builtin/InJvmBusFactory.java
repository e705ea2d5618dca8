package dev.aqueduct.core.builtin;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.ClusterBus;
import dev.aqueduct.core.hub.InJvmClusterBus;

/** The single-node cluster bus; cluster plugins with a lower order replace it. */
public final class InJvmBusFactory implements PluginFactory<ClusterBus> {

    @Override
    public String id() {
        return "bus-injvm";
    }

    @Override
    public Class<ClusterBus> spi() {
        return ClusterBus.class;
    }

    @Override
    public int order() {
        return 1000;
    }

    @Override
    public ClusterBus create(PluginContext context) {
        return new InJvmClusterBus();
    }
}
