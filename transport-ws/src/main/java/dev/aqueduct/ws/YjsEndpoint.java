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

/** {@code WS /yjs/{room}}: the y-websocket protocol, one instance per connection, handing everything to a {@link YjsConnection}. */
public final class YjsEndpoint extends Endpoint {

    private static final Logger LOG = Logger.getLogger(YjsEndpoint.class.getName());
    public static final String PATH = "/yjs/{room}";

    private final DocumentSockets registry;
    private YjsConnection connection;

    YjsEndpoint(DocumentSockets registry) {
        this.registry = registry;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Object h = session.getUserProperties().get(Handshake.PROPERTY);
        YjsConnection c = new YjsConnection(registry, session, h instanceof Handshake hs ? hs : null,
                session.getPathParameters().get("room"));
        registry.add(c, YjsConnection.TRANSPORT);
        connection = c;
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) c::onBinary);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) c::onText);
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) p -> c.onPong());
        c.start();
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (connection != null) {
            connection.onClosed(reason);
        }
    }

    @Override
    public void onError(Session session, Throwable t) {
        LOG.log(Level.FINE, "y-websocket connection error", t);
    }
}
