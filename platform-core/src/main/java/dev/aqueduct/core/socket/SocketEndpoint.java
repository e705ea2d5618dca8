package dev.aqueduct.core.socket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The endpoint instance of one WebSocket connection (see {@link HandshakeConfigurator}): makes the protocol's
 * {@link SocketConnection} and hands it every frame, pong and the close.
 */
public final class SocketEndpoint extends Endpoint {

    private static final Logger LOG = Logger.getLogger(SocketEndpoint.class.getName());

    private final BiFunction<Session, Handshake, SocketConnection> connections;
    private SocketConnection connection;

    /** @param connections makes the connection of a new session, given what its upgrade request said */
    public SocketEndpoint(BiFunction<Session, Handshake, SocketConnection> connections) {
        this.connections = connections;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Object h = session.getUserProperties().get(Handshake.PROPERTY);
        SocketConnection c = connections.apply(session, h instanceof Handshake hs ? hs : null);
        connection = c;
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) c::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) c::onBinary);
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) p -> c.onPong());
        c.opened();
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (connection != null) {
            connection.onClosed(reason);
        }
    }

    @Override
    public void onError(Session session, Throwable t) {
        LOG.log(Level.FINE, "WebSocket connection error", t);
    }
}
