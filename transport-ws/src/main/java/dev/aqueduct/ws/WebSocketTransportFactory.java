package dev.aqueduct.ws;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.Transport;
import dev.aqueduct.core.socket.Handshake;
import dev.aqueduct.core.socket.HandshakeConfigurator;
import dev.aqueduct.core.socket.SocketConnection;
import dev.aqueduct.core.socket.SocketEndpoint;
import dev.aqueduct.core.socket.UpgradeOriginFilter;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The WebSocket transport as a plugin: the room bus ({@code /ws}) and the document endpoints for y-websocket
 * ({@code /yjs/{room}}) and Hocuspocus ({@code /collab}); {@code aqueduct.plugin.ws.enabled=false} switches them off.
 */
public final class WebSocketTransportFactory implements PluginFactory<Transport> {

    public static final String BUS_PATH = "/ws";
    public static final String YJS_PATH = "/yjs/{room}";
    public static final String COLLAB_PATH = "/collab";

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
                mount.addFilter("aqueduct-ws-origin", UpgradeOriginFilter.class, BUS_PATH, "/yjs/*", COLLAB_PATH);
                mount.addWebSocketEndpoint(endpoint(BUS_PATH, (session, handshake) -> bean(BusRegistry.class)
                        .open(session, handshake), WireFormat.SUBPROTOCOLS.toArray(String[]::new)));
                mount.addWebSocketEndpoint(endpoint(YJS_PATH, (session, handshake) -> {
                    DocumentSockets sockets = bean(DocumentSockets.class);
                    YjsConnection c = new YjsConnection(sockets, session, handshake,
                            session.getPathParameters().get("room"));
                    sockets.add(c, YjsConnection.TRANSPORT);
                    return c;
                }));
                mount.addWebSocketEndpoint(endpoint(COLLAB_PATH, (session, handshake) -> {
                    DocumentSockets sockets = bean(DocumentSockets.class);
                    CollabConnection c = new CollabConnection(sockets, session, handshake);
                    sockets.add(c, CollabConnection.TRANSPORT);
                    return c;
                }));
            }
        };
    }

    private static ServerEndpointConfig endpoint(String path,
                                                 BiFunction<Session, Handshake, SocketConnection> connections,
                                                 String... subprotocols) {
        return ServerEndpointConfig.Builder.create(SocketEndpoint.class, path)
                .subprotocols(List.of(subprotocols))
                .configurator(new HandshakeConfigurator(() -> new SocketEndpoint(connections)))
                .build();
    }

    private static <T> T bean(Class<T> type) {
        return CDI.current().select(type).get();
    }
}
