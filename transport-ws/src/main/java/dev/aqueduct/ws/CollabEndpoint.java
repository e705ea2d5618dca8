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

/** {@code WS /collab}: the Hocuspocus protocol, one instance per socket, handing everything to a {@link CollabConnection}. */
public final class CollabEndpoint extends Endpoint {

    private static final Logger LOG = Logger.getLogger(CollabEndpoint.class.getName());
    public static final String PATH = "/collab";

    private final DocumentSockets registry;
    private CollabConnection connection;

    CollabEndpoint(DocumentSockets registry) {
        this.registry = registry;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Object h = session.getUserProperties().get(Handshake.PROPERTY);
        CollabConnection c = new CollabConnection(registry, session, h instanceof Handshake hs ? hs : null);
        registry.add(c, CollabConnection.TRANSPORT);
        connection = c;
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) c::onBinary);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) c::onText);
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) p -> c.onPong());
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (connection != null) {
            connection.onClosed(reason);
        }
    }

    @Override
    public void onError(Session session, Throwable t) {
        LOG.log(Level.FINE, "Hocuspocus connection error", t);
    }
}
