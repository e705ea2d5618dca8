package dev.aqueduct.ws;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.Transport;
import jakarta.websocket.server.ServerEndpointConfig;

/** The room bus as a plugin ({@code aqueduct.plugin.ws.enabled=false} switches {@code /ws} off). */
public final class RoomBusTransportFactory implements PluginFactory<Transport> {

    @Override
    public String id() {
        return "ws";
    }

    @Override
    public Class<Transport> spi() {
        return Transport.class;
    }

    @Override
    public int order() {
        return 110;
    }

    @Override
    public Transport create(PluginContext context) {
        return new Transport() {
            @Override
            public String name() {
                return "ws";
            }

            @Override
            public void mount(TransportMount mount) {
                mount.addFilter("aqueduct-ws-origin", UpgradeOriginFilter.class, RoomBusEndpoint.PATH);
                mount.addWebSocketEndpoint(ServerEndpointConfig.Builder.create(RoomBusEndpoint.class, RoomBusEndpoint.PATH)
                        .subprotocols(WireFormat.SUBPROTOCOLS)
                        .configurator(new BusConfigurator())
                        .build());
            }
        };
    }
}
