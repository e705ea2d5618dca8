package dev.aqueduct.ws;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.Transport;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The WebSocket transport as a plugin: the room bus ({@code /ws}) and the document endpoints for y-websocket
 * ({@code /yjs/{room}}) and Hocuspocus ({@code /collab}); {@code aqueduct.plugin.ws.enabled=false} switches them off.
 */
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
                mount.addFilter("aqueduct-ws-origin", UpgradeOriginFilter.class, RoomBusEndpoint.PATH, "/yjs/*",
                        CollabEndpoint.PATH);
                mount.addWebSocketEndpoint(ServerEndpointConfig.Builder.create(RoomBusEndpoint.class, RoomBusEndpoint.PATH)
                        .subprotocols(WireFormat.SUBPROTOCOLS)
                        .configurator(new HandshakeConfigurator(
                                () -> new RoomBusEndpoint(CDI.current().select(BusRegistry.class).get())))
                        .build());
                mount.addWebSocketEndpoint(ServerEndpointConfig.Builder.create(YjsEndpoint.class, YjsEndpoint.PATH)
                        .configurator(new HandshakeConfigurator(
                                () -> new YjsEndpoint(CDI.current().select(DocumentSockets.class).get())))
                        .build());
                mount.addWebSocketEndpoint(ServerEndpointConfig.Builder.create(CollabEndpoint.class, CollabEndpoint.PATH)
                        .configurator(new HandshakeConfigurator(
                                () -> new CollabEndpoint(CDI.current().select(DocumentSockets.class).get())))
                        .build());
            }
        };
    }
}
