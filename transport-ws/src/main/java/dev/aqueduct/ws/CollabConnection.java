package dev.aqueduct.ws;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.AuthenticationException;
import dev.aqueduct.core.Platform;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.core.docs.StoreFailedException;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.core.socket.Handshake;
import dev.aqueduct.core.socket.SocketConnection;
import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Hocuspocus socket ({@code WS /collab}): many documents, each addressed by name in every message and each
 * authenticated by its own token message. Messages for a document wait (bounded) until its token was accepted and
 * it is loaded. See docs/protocols/hocuspocus.md.
 */
final class CollabConnection extends SocketConnection implements DocumentSocket {

    private static final Logger LOG = Logger.getLogger(CollabConnection.class.getName());
    static final String TRANSPORT = "collab";

    private final DocumentSockets registry;
    private final DocumentSocketSettings settings;
    private final Handshake handshake;
    private final Map<String, CollabDocument> docs = new ConcurrentHashMap<>();
    /** Messages for documents whose token has not arrived yet; read thread only. */
    private final Map<String, List<byte[]>> waiting = new HashMap<>();
    private long queuedBytes;
    private int queuedMessages;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final long openedNanos = System.nanoTime();
    private volatile long lastInboundNanos = openedNanos;
    private long lastPingNanos = openedNanos;
    private volatile boolean authenticatedOnce;

    CollabConnection(DocumentSockets registry, Session session, Handshake handshake) {
        // binary frames, one message each: batching stays off
        super(registry.nextId('h'), TRANSPORT, registry.platform(), registry.writers(), session, WireFormat.CBOR,
                registry.outboxLimits());
        this.registry = registry;
        this.settings = registry.settings();
        this.handshake = handshake;
    }

    @Override
    protected void opened() {
        if (handshake != null && !handshake.originAllowed()) {
            close(4403, "origin not allowed");
            return;
        }
        String veto = vetoed(Hooks.Event.CONNECT, null, null);
        if (veto != null) {
            close(4403, veto);
        }
    }

    String id() {
        return id;
    }

    Platform platform() {
        return platform;
    }

    DocumentSocketSettings settings() {
        return settings;
    }

    @Override
    protected void onPong() {
        lastInboundNanos = System.nanoTime();
    }

    @Override
    protected void onBinary(ByteBuffer part, boolean last) {
        lastInboundNanos = System.nanoTime();
        if (closing) {
            return;
        }
        if (partial.size() + part.remaining() > settings.maxMessageBytes()) {
            partial.reset();
            close(1009, "Message Too Big");
            return;
        }
        byte[] b = new byte[part.remaining()];
        part.get(b);
        partial.write(b, 0, b.length);
        if (last) {
            byte[] frame = partial.toByteArray();
            partial.reset();
            platform.telemetry().messagesIn(TRANSPORT, 1, frame.length);
            onFrame(frame);
        }
    }

    @Override
    protected void onText(String part, boolean last) {
        close(4400, "Hocuspocus messages are binary");
    }

    private void onFrame(byte[] frame) {
        if (frame.length == 1 && frame[0] == CollabFrames.PONG) {
            return;
        }
        guard(null, () -> {
            Lib0Reader r = new Lib0Reader(frame);
            String address = r.readVarString();
            CollabDocument d = docs.get(address);
            if (d != null) {
                if (d.receive(frame, r) && !count(frame)) {
                    close(4205, "too much sent before the document loaded");
                }
                return;
            }
            int type = (int) r.readVarUint();
            if (type == CollabFrames.AUTH && r.readVarUint() == CollabFrames.AUTH_TOKEN) {
                open(address, r.readVarString());
                return;
            }
            List<byte[]> queue = waiting.get(address);
            if (queue == null) {
                if (waiting.size() >= settings.maxPendingDocuments()) {
                    close(4205, "too many documents waiting for authentication");
                    return;
                }
                queue = new ArrayList<>();
                waiting.put(address, queue);
            }
            if (!count(frame)) {
                close(4205, "too much sent before authentication");
                return;
            }
            queue.add(frame);
        });
    }

    /** Counts a frame against the bounds of what may wait; false when they are exceeded. */
    private boolean count(byte[] frame) {
        if (queuedMessages + 1 > settings.preloadMessages() || queuedBytes + frame.length > settings.preloadBytes()) {
            return false;
        }
        queuedMessages++;
        queuedBytes += frame.length;
        return true;
    }

    /**
     * Runs a message handler; malformed input closes the socket (4400), a store failure unloads the document.
     * Returns false when the handler failed.
     */
    boolean guard(CollabDocument d, Runnable handler) {
        try {
            handler.run();
            return true;
        } catch (DecodingException | IndexOutOfBoundsException | IllegalArgumentException e) {
            close(4400, "malformed message");
        } catch (StoreFailedException e) {
            LOG.log(Level.WARNING, e.getMessage(), e.getCause());
            if (d != null && d.live() != null) {
                platform.documents().fail(d.live(), "the document could not be stored");
            } else {
                close(1011, "the document could not be stored");
            }
        }
        return false;
    }

    /** The token message of a document: authenticate, authorize READ, answer, then load it. */
    private void open(String address, String token) {
        List<byte[]> queued = waiting.remove(address);
        String name = address.indexOf('\0') < 0 ? address : address.substring(0, address.indexOf('\0'));
        String problem = RoomId.problem(name);
        if (problem != null) {
            send(CollabFrames.permissionDenied(address, "invalid document name: " + problem));
            return;
        }
        RoomId room = RoomId.of(name);
        Principal p;
        try {
            p = platform.gate().authenticate(token == null || token.isEmpty() ? handshakeToken() : token);
        } catch (AuthenticationException e) {
            send(CollabFrames.permissionDenied(address, e.getMessage()));
            return;
        }
        if (!platform.gate().authorize(p, room, Action.READ).isAllow()) {
            send(CollabFrames.permissionDenied(address, "READ is not allowed on " + room));
            return;
        }
        try {
            platform.hooks().before(Hooks.Event.AUTHENTICATE, new HookContext(TRANSPORT, id, p, room, null));
        } catch (HookVetoException veto) {
            send(CollabFrames.permissionDenied(address, veto.getMessage() == null ? "refused" : veto.getMessage()));
            return;
        }
        CollabDocument d = new CollabDocument(this, address, room, p);
        docs.put(address, d);
        authenticatedOnce = true;
        send(CollabFrames.authenticated(address, d.readOnly()));
        if (queued != null) {
            for (byte[] f : queued) {
                Lib0Reader r = new Lib0Reader(f);
                r.readVarString();
                d.receive(f, r);
            }
        }
        d.load();
    }

    /** A token for a refresh; null when it is refused. */
    Principal authenticate(String token) {
        try {
            return platform.gate().authenticate(token == null || token.isEmpty() ? handshakeToken() : token);
        } catch (AuthenticationException e) {
            return null;
        }
    }

    private String handshakeToken() {
        return handshake == null ? null : handshake.token();
    }

    void send(byte[] frame) {
        enqueue(frame);
    }

    /** Ends one document on the socket and tells the provider (a close message); the socket stays open. */
    void closeDocument(CollabDocument d, String reason) {
        if (docs.remove(d.address, d)) {
            d.closeQuietly();
            send(CollabFrames.close(d.address, reason));
        }
    }

    @Override
    public void tick() {
        if (closing) {
            return;
        }
        long now = System.nanoTime();
        long since = authenticatedOnce ? lastInboundNanos : openedNanos;
        if (now - since > settings.timeout().toNanos()) {
            close(4408, "Connection Timeout");
            return;
        }
        if (now - lastPingNanos >= settings.pingInterval().toNanos()) {
            lastPingNanos = now;
            send(CollabFrames.PING_FRAME);
            outbox.ping();
        }
        for (CollabDocument d : docs.values()) {
            d.tick(now);
        }
    }

    @Override
    public void close(int code, String reason) {
        close(code, reason, true);
    }

    @Override
    protected void release() {
        for (CollabDocument d : List.copyOf(docs.values())) {
            docs.remove(d.address);
            d.closeQuietly();
        }
    }

    @Override
    protected void unregister() {
        registry.remove(this);
    }

    @Override
    protected String who() {
        return docs.values().stream().map(CollabDocument::subject).distinct().toList().toString();
    }
}
