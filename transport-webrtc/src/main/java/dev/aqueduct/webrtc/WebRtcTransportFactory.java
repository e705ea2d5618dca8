package dev.aqueduct.webrtc;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.Transport;
import dev.aqueduct.core.socket.HandshakeConfigurator;
import dev.aqueduct.core.socket.SocketEndpoint;
import dev.aqueduct.core.socket.UpgradeOriginFilter;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The WebRTC transport as a plugin: y-webrtc signaling ({@code WS /signaling});
 * {@code aqueduct.plugin.webrtc.enabled=false} switches it off.
 */
public final class WebRtcTransportFactory implements PluginFactory<Transport> {

    public static final String SIGNALING_PATH = "/signaling";

    @Override
    public String id() {
        return "webrtc";
    }

    @Override
    public Class<Transport> spi() {
        return Transport.class;
    }

    @Override
    public int order() {
        return 120;
    }

    @Override
    public Transport create(PluginContext context) {
        return new Transport() {
            @Override
            public String name() {
                return "webrtc";
            }

            @Override
            public void mount(TransportMount mount) {
                mount.addFilter("aqueduct-signaling-origin", UpgradeOriginFilter.class, SIGNALING_PATH);
                mount.addWebSocketEndpoint(ServerEndpointConfig.Builder.create(SocketEndpoint.class, SIGNALING_PATH)
                        .configurator(new HandshakeConfigurator(() -> new SocketEndpoint((session, handshake) ->
                                CDI.current().select(SignalingRegistry.class).get().open(session, handshake))))
                        .build());
            }
        };
    }
}
