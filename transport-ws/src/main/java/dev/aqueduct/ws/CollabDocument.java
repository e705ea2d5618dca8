package dev.aqueduct.ws;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.docs.DocumentPeer;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.core.docs.LiveDocument;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import dev.aqueduct.crdt.sync.SyncProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One document on a Hocuspocus socket, after its token was accepted. Until the document is loaded its messages wait
 * (bounded by the socket). Messages run on the socket's read thread, one at a time.
 */
final class CollabDocument implements DocumentPeer {

    final String address;
    final RoomId room;
    private final CollabConnection socket;
    private final Platform platform;
    private volatile Principal principal;
    private volatile boolean readOnly;
    private volatile boolean canPresence;
    private CompletableFuture<LiveDocument> acquired;
    private LiveDocument doc;
    private final List<byte[]> pending = new ArrayList<>();
    private long expiredSinceNanos;
    private boolean tokenRequested;
    private volatile boolean closed;

    CollabDocument(CollabConnection socket, String address, RoomId room, Principal principal) {
        this.socket = socket;
        this.platform = socket.platform();
        this.address = address;
        this.room = room;
        grant(principal);
    }

    private void grant(Principal p) {
        principal = p;
        readOnly = !platform.gate().authorize(p, room, Action.WRITE).isAllow();
        canPresence = platform.gate().authorize(p, room, Action.PRESENCE).isAllow();
    }

    boolean readOnly() {
        return readOnly;
    }

    void load() {
        acquired = platform.documents().acquire(room.value(), this);
        acquired.whenComplete((d, error) -> {
            if (error != null) {
                socket.closeDocument(this, "the document could not be loaded");
            } else {
                loaded(d);
            }
        });
    }

    private void loaded(LiveDocument d) {
        synchronized (this) {
            if (closed) {
                platform.documents().release(d, this);
                return;
            }
            byte[] states = d.awarenessStates();
            if (states != null) {
                socket.send(CollabFrames.awareness(address, states));
            }
            doc = d;
            for (byte[] m : pending) {
                Lib0Reader r = new Lib0Reader(m);
                r.readVarString();
                if (!socket.guard(this, () -> handle(r))) {
                    break;
                }
            }
            pending.clear();
        }
    }

    /**
     * Queues a message while loading (the socket bounds what it queues); handles it otherwise. Returns whether it
     * was queued.
     */
    synchronized boolean receive(byte[] frame, Lib0Reader afterAddress) {
        if (closed) {
            return false;
        }
        if (doc == null) {
            pending.add(frame);
            return true;
        }
        handle(afterAddress);
        return false;
    }

    private void handle(Lib0Reader r) {
        int type = (int) r.readVarUint();
        switch (type) {
            case CollabFrames.SYNC, CollabFrames.SYNC_REPLY -> sync(r, type == CollabFrames.SYNC);
            case CollabFrames.AWARENESS -> awareness(r.readVarBytes());
            case CollabFrames.QUERY_AWARENESS -> {
                byte[] states = doc.awarenessStates();
                if (states != null) {
                    socket.send(CollabFrames.awareness(address, states));
                }
            }
            case CollabFrames.STATELESS -> {
                String payload = r.readVarString();
                if (canPresence) {
                    doc.broadcastStateless(payload, this);
                }
            }
            case CollabFrames.AUTH -> refresh(r);
            case CollabFrames.CLOSE -> socket.closeDocument(this, "provider_initiated");
            default -> socket.close(4400, "unknown message type " + type);
        }
    }

    private void sync(Lib0Reader r, boolean askBack) {
        int step = (int) r.readVarUint();
        switch (step) {
            case SyncProtocol.SYNC_STEP_1 -> {
                socket.send(CollabFrames.syncStep2(address, doc.missing(r.readVarBytes())));
                if (askBack) {
                    socket.send(CollabFrames.syncStep1(address, doc.stateVector()));
                }
            }
            case SyncProtocol.SYNC_STEP_2 -> {
                byte[] update = r.readVarBytes();
                if (readOnly) {
                    // a read-only provider's step 2 is fine when it holds nothing the server lacks
                    socket.send(CollabFrames.syncStatus(address, doc.contains(update)));
                    return;
                }
                applyOrRefuse(update);
            }
            case SyncProtocol.UPDATE -> {
                byte[] update = r.readVarBytes();
                if (readOnly) {
                    socket.send(CollabFrames.syncStatus(address, false));
                    return;
                }
                applyOrRefuse(update);
            }
            default -> socket.close(4400, "unknown sync message type " + step);
        }
    }

    /**
     * Applies a change and acknowledges it once it is stored (a store failure disconnects the document's peers
     * instead); a hook's veto answers SyncStatus 0 and ends the document here.
     */
    private void applyOrRefuse(byte[] update) {
        try {
            doc.apply(update, this).thenRun(() -> socket.send(CollabFrames.syncStatus(address, true)));
        } catch (HookVetoException veto) {
            socket.send(CollabFrames.syncStatus(address, false));
            socket.send(CollabFrames.permissionDenied(address, veto.getMessage() == null ? "change refused"
                    : veto.getMessage()));
            socket.closeDocument(this, "change refused");
        }
    }

    private void awareness(byte[] update) {
        if (!canPresence) {
            return;
        }
        if (update.length > socket.settings().maxAwarenessBytes()) {
            socket.close(1009, "awareness update larger than " + socket.settings().maxAwarenessBytes() + " bytes");
            return;
        }
        try {
            platform.hooks().before(Hooks.Event.AWARENESS,
                    new HookContext(CollabConnection.TRANSPORT, socket.id(), principal, room, update));
        } catch (HookVetoException vetoed) {
            return;
        }
        doc.applyAwareness(update, this);
    }

    /** A token sent on an authenticated document: a refresh. Another subject, or a refused token, ends the document. */
    private void refresh(Lib0Reader r) {
        if (r.readVarUint() != CollabFrames.AUTH_TOKEN) {
            return;
        }
        String token = r.readVarString();
        Principal next = socket.authenticate(token);
        if (next == null || !next.subject().equals(principal.subject())) {
            socket.send(CollabFrames.permissionDenied(address, next == null ? "token refused" : "token for another subject"));
            socket.closeDocument(this, "unauthorized");
            return;
        }
        if (!platform.gate().authorize(next, room, Action.READ).isAllow()) {
            socket.send(CollabFrames.permissionDenied(address, "READ is not allowed on " + room));
            socket.closeDocument(this, "forbidden");
            return;
        }
        grant(next);
        expiredSinceNanos = 0;
        tokenRequested = false;
        socket.send(CollabFrames.authenticated(address, readOnly));
    }

    /** Asks for a new token when the current one expired, and ends the document if none came in the grace time. */
    synchronized void tick(long now) {
        if (!principal.isExpired(platform.clock().instant())) {
            return;
        }
        if (!tokenRequested) {
            tokenRequested = true;
            expiredSinceNanos = now;
            socket.send(CollabFrames.tokenRequest(address));
        } else if (now - expiredSinceNanos > socket.settings().tokenGrace().toNanos()) {
            socket.closeDocument(this, "token expired");
        }
    }

    /** Leaves the document (releases it) and tells the provider with a close message. */
    void closeQuietly() {
        CompletableFuture<LiveDocument> a;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            a = acquired;
            acquired = null;
            doc = null;
            pending.clear();
        }
        if (a != null) {
            a.thenAccept(d -> platform.documents().release(d, this));
        }
    }

    boolean isClosed() {
        return closed;
    }

    LiveDocument live() {
        return doc;
    }

    @Override
    public void documentUpdate(byte[] update, DocumentPeer origin) {
        socket.send(CollabFrames.update(address, update));
    }

    @Override
    public void awarenessUpdate(byte[] update, DocumentPeer origin) {
        socket.send(CollabFrames.awareness(address, update));
    }

    @Override
    public void statelessMessage(String payload, DocumentPeer origin) {
        socket.send(CollabFrames.stateless(address, payload));
    }

    @Override
    public void documentFailed(String reason) {
        socket.closeDocument(this, reason);
    }

    @Override
    public String subject() {
        return principal.subject();
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public String transport() {
        return CollabConnection.TRANSPORT;
    }

    @Override
    public String connectionId() {
        return socket.id();
    }
}
