package dev.aqueduct.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code WS /ws}: one instance per connection (see {@link HandshakeConfigurator}), handing everything to a {@link BusConnection}. */
public final class RoomBusEndpoint extends Endpoint {

    private static final Logger LOG = Logger.getLogger(RoomBusEndpoint.class.getName());
    public static final String PATH = "/ws";

    private final BusRegistry registry;
    private BusConnection connection;

    RoomBusEndpoint(BusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Object h = session.getUserProperties().get(Handshake.PROPERTY);
        BusConnection c = registry.open(session, h instanceof Handshake hs ? hs : null);
        connection = c;
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) c::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) c::onBinary);
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) p -> c.onPong());
        if (!c.originAllowed()) {
            c.close(4403, "origin not allowed", true);
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (connection != null) {
            connection.onClosed(reason);
        }
    }

    @Override
    public void onError(Session session, Throwable t) {
        LOG.log(Level.FINE, "room-bus connection error", t);
    }
}
