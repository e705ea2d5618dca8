package dev.aqueduct.ws;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.AuthenticationException;
import dev.aqueduct.core.docs.DocumentPeer;
import dev.aqueduct.core.docs.LiveDocument;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.core.docs.StoreFailedException;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.core.socket.Handshake;
import dev.aqueduct.core.socket.SocketConnection;
import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import dev.aqueduct.crdt.sync.SyncProtocol;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One y-websocket connection to one document ({@code WS /yjs/{room}}). Messages that arrive while the document is
 * loading wait (bounded); nothing is synced before the stored document is loaded. See docs/protocols/yjs.md.
 */
final class YjsConnection extends SocketConnection implements DocumentPeer, DocumentSocket {

    private static final Logger LOG = Logger.getLogger(YjsConnection.class.getName());
    static final String TRANSPORT = "yjs";

    private final DocumentSockets registry;
    private final DocumentSocketSettings settings;
    private final Handshake handshake;
    private final String roomParam;
    private volatile Principal principal;
    private RoomId room;
    private boolean canWrite;
    private boolean canPresence;
    private boolean writeDeniedTold;
    private CompletableFuture<LiveDocument> acquired;
    /** The document once loaded; until then incoming messages wait in {@code pending}. */
    private LiveDocument doc;
    private final List<byte[]> pending = new ArrayList<>();
    private long pendingBytes;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile long lastInboundNanos = System.nanoTime();
    private long lastPingNanos = System.nanoTime();

    YjsConnection(DocumentSockets registry, Session session, Handshake handshake, String roomParam) {
        // binary frames, one message each: batching stays off
        super(registry.nextId('y'), TRANSPORT, registry.platform(), registry.writers(), session, WireFormat.CBOR,
                registry.outboxLimits());
        this.registry = registry;
        this.settings = registry.settings();
        this.handshake = handshake;
        this.roomParam = roomParam;
    }

    /** Authenticates and authorizes from the handshake, then loads the document. */
    @Override
    protected void opened() {
        if (handshake != null && !handshake.originAllowed()) {
            refuse(4403, "origin not allowed");
            return;
        }
        String problem = RoomId.problem(roomParam);
        if (problem != null) {
            refuse(4400, "invalid document name: " + problem);
            return;
        }
        room = RoomId.of(roomParam);
        String veto = vetoed(Hooks.Event.CONNECT, room, null);
        if (veto != null) {
            refuse(4403, veto);
            return;
        }
        try {
            principal = platform.gate().authenticate(handshake == null ? null : handshake.token());
        } catch (AuthenticationException e) {
            refuse(4401, e.getMessage());
            return;
        }
        veto = vetoed(Hooks.Event.AUTHENTICATE, room, null);
        if (veto != null) {
            refuse(4403, veto);
            return;
        }
        if (!platform.gate().authorize(principal, room, Action.READ).isAllow()) {
            refuse(4403, "READ is not allowed on " + room);
            return;
        }
        canWrite = platform.gate().authorize(principal, room, Action.WRITE).isAllow();
        canPresence = platform.gate().authorize(principal, room, Action.PRESENCE).isAllow();
        acquired = platform.documents().acquire(room.value(), this);
        acquired.whenComplete((d, error) -> {
            if (error != null) {
                close(1011, "the document could not be loaded");
            } else {
                loaded(d);
            }
        });
    }

    /** Tells the client why (y-protocols auth message), then closes. */
    private void refuse(int code, String reason) {
        outbox.add(YjsFrames.permissionDenied(reason));
        close(code, reason);
    }

    private void loaded(LiveDocument d) {
        synchronized (this) {
            if (closing) {
                platform.documents().release(d, this);
                return;
            }
            outbox.add(YjsFrames.syncStep1(d.stateVector()));
            byte[] states = d.awarenessStates();
            if (states != null) {
                outbox.add(YjsFrames.awareness(states));
            }
            doc = d;
            for (byte[] m : pending) {
                handle(m);
            }
            pending.clear();
            pendingBytes = 0;
        }
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
            close(4413, "message larger than " + settings.maxMessageBytes() + " bytes");
            return;
        }
        byte[] b = new byte[part.remaining()];
        part.get(b);
        partial.write(b, 0, b.length);
        if (!last) {
            return;
        }
        byte[] message = partial.toByteArray();
        partial.reset();
        platform.telemetry().messagesIn(TRANSPORT, 1, message.length);
        synchronized (this) {
            if (doc == null) {
                if (pending.size() >= settings.preloadMessages() || pendingBytes + message.length > settings.preloadBytes()) {
                    close(4413, "too much sent before the document loaded");
                    return;
                }
                pending.add(message);
                pendingBytes += message.length;
                return;
            }
            handle(message);
        }
    }

    @Override
    protected void onText(String part, boolean last) {
        close(4400, "y-websocket messages are binary");
    }

    private void handle(byte[] message) {
        if (closing) {
            return;
        }
        try {
            Lib0Reader r = new Lib0Reader(message);
            int type = (int) r.readVarUint();
            switch (type) {
                case YjsFrames.SYNC -> sync(r);
                case YjsFrames.AWARENESS -> awareness(r.readVarBytes());
                case YjsFrames.AUTH -> {
                    // clients do not send auth messages; nothing to do
                }
                case YjsFrames.QUERY_AWARENESS -> {
                    byte[] states = doc.awarenessStates();
                    if (states != null) {
                        enqueue(YjsFrames.awareness(states));
                    }
                }
                default -> close(4400, "unknown message type " + type);
            }
        } catch (DecodingException | IndexOutOfBoundsException e) {
            close(4400, "malformed message: " + e.getMessage());
        } catch (StoreFailedException e) {
            LOG.log(Level.WARNING, e.getMessage(), e.getCause());
            platform.documents().fail(doc, "the document could not be stored");
        }
    }

    private void sync(Lib0Reader r) {
        int step = (int) r.readVarUint();
        switch (step) {
            case SyncProtocol.SYNC_STEP_1 -> enqueue(YjsFrames.syncStep2(doc.missing(r.readVarBytes())));
            case SyncProtocol.SYNC_STEP_2, SyncProtocol.UPDATE -> {
                byte[] update = r.readVarBytes();
                if (!canWrite) {
                    if (!writeDeniedTold) {
                        writeDeniedTold = true;
                        enqueue(YjsFrames.permissionDenied("read-only: WRITE is not allowed on " + room));
                    }
                    return;
                }
                try {
                    doc.apply(update, this);
                } catch (HookVetoException veto) {
                    refuse(4403, veto.getMessage() == null ? "change refused" : veto.getMessage());
                }
            }
            default -> close(4400, "unknown sync message type " + step);
        }
    }

    private void awareness(byte[] update) {
        if (!canPresence) {
            return;
        }
        if (update.length > settings.maxAwarenessBytes()) {
            close(4413, "awareness update larger than " + settings.maxAwarenessBytes() + " bytes");
            return;
        }
        if (vetoed(Hooks.Event.AWARENESS, room, update) == null) {
            doc.applyAwareness(update, this);
        }
    }

    @Override
    public void documentUpdate(byte[] update, DocumentPeer origin) {
        enqueue(YjsFrames.update(update));
    }

    @Override
    public void awarenessUpdate(byte[] update, DocumentPeer origin) {
        enqueue(YjsFrames.awareness(update));
    }

    @Override
    public void documentFailed(String reason) {
        close(1011, reason);
    }

    @Override
    public void close(int code, String reason) {
        close(code, reason, true);
    }

    /**
     * Pings, closes silent sockets (4408), and ends the connection when the token expires (4401): y-websocket cannot
     * refresh a token, so the application reconnects with a new one.
     */
    @Override
    public void tick() {
        if (closing) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastInboundNanos > settings.timeout().toNanos()) {
            close(4408, "no message or pong for " + settings.timeout().toSeconds() + " s");
            return;
        }
        if (now - lastPingNanos >= settings.pingInterval().toNanos()) {
            lastPingNanos = now;
            outbox.ping();
        }
        Principal p = principal;
        if (p != null && p.isExpired(platform.clock().instant())) {
            close(4401, "token expired");
        }
    }

    @Override
    protected void release() {
        CompletableFuture<LiveDocument> a;
        synchronized (this) {
            a = acquired;
            acquired = null;
            doc = null;
        }
        if (a != null) {
            a.thenAccept(d -> platform.documents().release(d, this));
        }
    }

    @Override
    protected void unregister() {
        registry.remove(this);
    }

    @Override
    protected String who() {
        return String.valueOf(subject());
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public String transport() {
        return TRANSPORT;
    }

    @Override
    public String subject() {
        Principal p = principal;
        return p == null ? null : p.subject();
    }

    @Override
    public String connectionId() {
        return id;
    }
}
