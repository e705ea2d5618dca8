package dev.aqueduct.core.docs;

import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.DocumentChange;
import dev.aqueduct.api.spi.DocumentStore;
import dev.aqueduct.api.spi.EditorBinding;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.api.spi.DocumentStore.UpdateMeta;
import dev.aqueduct.core.bindings.Bindings;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.crdt.YDoc;
import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import dev.aqueduct.crdt.sync.Awareness;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loaded collaborative document, shared by every connection and protocol that edits it. Changes are applied under
 * the document's lock, stored (in groups, by the {@link DocumentWriter}) before anyone is told about them, and then
 * handed to every peer in order.
 */
public final class LiveDocument {

    private final String id;
    private final YDoc doc;
    private final Awareness awareness;
    private final Clock clock;
    private final Set<DocumentPeer> peers = new CopyOnWriteArraySet<>();
    /** Which peer controls which awareness client id: a peer may not speak for another's clients. */
    private final Map<Long, DocumentPeer> awarenessOwners = new ConcurrentHashMap<>();
    private final Compaction compaction;
    private final Hooks hooks;
    private final DocumentWriter writer;
    private final Bindings bindings;
    private byte[] emitted;
    private final AtomicLong storedSeq = new AtomicLong();
    private volatile boolean failed;

    LiveDocument(String id, DocumentStore.StoredDocument stored, DocumentWriter writer, Clock clock,
                 Compaction compaction, Hooks hooks, Bindings bindings) {
        this.id = id;
        this.bindings = bindings;
        this.hooks = hooks;
        this.writer = writer;
        this.clock = clock;
        this.compaction = compaction;
        this.doc = new YDoc(new YDoc.Options().guid(id));
        this.awareness = new Awareness(doc.clientId());
        awareness.setLocalState(null);
        if (stored != null) {
            if (stored.snapshot() != null && stored.snapshot().length > 0) {
                doc.applyUpdate(stored.snapshot(), "load");
            }
            for (byte[] u : stored.updates()) {
                doc.applyUpdate(u, "load");
            }
            storedSeq.set(stored.lastSeq());
        }
        doc.onUpdate((update, origin) -> emitted = update);
    }

    public String id() {
        return id;
    }

    /** Called before anything else the peer does with the document; the first peer keeps it loaded. */
    void attach(DocumentPeer peer) {
        peers.add(peer);
    }

    /** Removes a peer and the awareness states it controlled (the others are told). */
    void detach(DocumentPeer peer) {
        peers.remove(peer);
        List<Long> owned = new ArrayList<>();
        awarenessOwners.forEach((client, owner) -> {
            if (owner == peer) {
                owned.add(client);
            }
        });
        if (owned.isEmpty()) {
            return;
        }
        synchronized (this) {
            owned.forEach(awarenessOwners::remove);
            awareness.removeStates(owned, peer);
            byte[] update = awareness.encodeUpdate(owned);
            for (DocumentPeer p : peers) {
                p.awarenessUpdate(update, peer);
            }
        }
    }

    public synchronized byte[] stateVector() {
        return doc.encodeStateVector();
    }

    /** What a client with {@code stateVector} is missing (the content of a sync step 2). */
    public synchronized byte[] missing(byte[] stateVector) {
        return doc.encodeStateAsUpdate(stateVector);
    }

    public synchronized byte[] state() {
        return doc.encodeStateAsUpdate();
    }

    /** Runs {@code reader} on the document under its lock (for bindings and the REST API; do not keep it). */
    public synchronized <T> T read(java.util.function.Function<YDoc, T> reader) {
        return reader.apply(doc);
    }

    /**
     * Applies a client's update. When it changes the document, the change is queued for the store; once it is
     * durable, every peer (the origin too) gets it, in the order the document applied its changes, and the returned
     * future completes with true. It completes with false at once when the update changed nothing, and exceptionally
     * with {@link StoreFailedException} when the store refused the change (the document then unloads and its peers
     * are told to disconnect).
     *
     * @throws DecodingException    the update is malformed; the document is unchanged
     * @throws StoreFailedException the document failed earlier
     * @throws HookVetoException    a lifecycle hook refused the change; the document is unchanged
     */
    public CompletableFuture<Boolean> apply(byte[] update, DocumentPeer origin) {
        if (!hooks.none()) {
            hooks.before(Hooks.Event.CHANGE, hookContext(origin, ChangeView.proposed(id, update, bindings, this::state)));
        }
        synchronized (this) {
            if (failed) {
                throw new StoreFailedException("document " + id + " failed earlier", null);
            }
            validate(update);
            emitted = null;
            doc.applyUpdate(update, origin);
            byte[] change = emitted;
            emitted = null;
            if (change == null) {
                return CompletableFuture.completedFuture(false);
            }
            // queued under the lock, so the writer stores and hands out changes in the order they were applied
            return writer.submit(this, new DocumentStore.Append(id, change, new UpdateMeta(
                    origin == null ? null : origin.subject(), origin == null ? null : origin.connectionId(),
                    clock.instant())), origin);
        }
    }

    /** A change of this document is durable as {@code seq}: the peers get it (on the writer thread, in order). */
    void stored(byte[] change, long seq, DocumentPeer origin) {
        // not under the document's lock: a sender may hold it while it waits for room in the writer's queue
        storedSeq.accumulateAndGet(seq, Math::max);
        for (DocumentPeer p : peers) {
            p.documentUpdate(change, origin);
        }
        compaction.changed(this);
        if (!hooks.none()) {
            hooks.after(Hooks.Event.STORE, hookContext(origin, ChangeView.stored(id, change, bindings, this::state)));
        }
    }

    void markFailed() {
        failed = true;
    }

    /** The default binding, when it validates, refuses changes the way a hook's veto does. */
    private void validate(byte[] update) {
        EditorBinding validator = bindings.validator();
        if (validator == null) {
            return;
        }
        try {
            validator.validate(doc.encodeStateAsUpdate(), update);
        } catch (IllegalArgumentException e) {
            throw new HookVetoException(e.getMessage() != null ? e.getMessage()
                    : "the " + validator.format() + " binding refused the change");
        }
    }

    private HookContext hookContext(DocumentPeer peer, DocumentChange change) {
        return peer == null ? new HookContext("system", null, null, RoomId.of(id), change)
                : new HookContext(peer.transport(), peer.connectionId(), peer.principal(), RoomId.of(id), change);
    }

    /**
     * Applies an awareness update from a peer. Refused (returns false, nothing applied) when it names a client id
     * another peer controls.
     *
     * @throws DecodingException the update is malformed
     */
    public boolean applyAwareness(byte[] update, DocumentPeer origin) {
        List<Long> clients = awarenessClients(update);
        synchronized (this) {
            for (Long c : clients) {
                DocumentPeer owner = awarenessOwners.get(c);
                if (owner != null && owner != origin) {
                    return false;
                }
            }
            for (Long c : clients) {
                awarenessOwners.put(c, origin);
            }
            awareness.applyUpdate(update, origin);
            for (DocumentPeer p : peers) {
                p.awarenessUpdate(update, origin);
            }
        }
        return true;
    }

    /** Whether the document already has everything {@code update} would add (nothing to apply). */
    public synchronized boolean contains(byte[] update) {
        YDoc copy = new YDoc();
        copy.applyUpdate(doc.encodeStateAsUpdate());
        byte[][] changed = new byte[1][];
        copy.onUpdate((u, origin) -> changed[0] = u);
        copy.applyUpdate(update);
        return changed[0] == null;
    }

    /** Hands a stateless message to every other peer. */
    public void broadcastStateless(String payload, DocumentPeer origin) {
        synchronized (this) {
            for (DocumentPeer p : peers) {
                if (p != origin) {
                    p.statelessMessage(payload, origin);
                }
            }
        }
    }

    /** Every current awareness state, encoded (what a new peer gets), or null when there is none. */
    public synchronized byte[] awarenessStates() {
        List<Long> clients = new ArrayList<>(awareness.getStates().keySet());
        return clients.isEmpty() ? null : awareness.encodeUpdate(clients);
    }

    /** Drops awareness states not renewed for 30 s (clients renew every 15 s) and tells the peers. */
    void expireAwareness() {
        synchronized (this) {
            List<Long> before = new ArrayList<>(awareness.getStates().keySet());
            awareness.checkOutdated();
            List<Long> gone = new ArrayList<>(before);
            gone.removeAll(awareness.getStates().keySet());
            if (gone.isEmpty()) {
                return;
            }
            gone.forEach(awarenessOwners::remove);
            byte[] update = awareness.encodeUpdate(gone);
            for (DocumentPeer p : peers) {
                p.awarenessUpdate(update, null);
            }
        }
    }

    /**
     * The snapshot to compact into, and the last stored seq it covers. It may also hold changes still waiting for
     * the store; they are appended with later seqs, and applying them again on load changes nothing.
     */
    synchronized Snapshot snapshot() {
        return new Snapshot(doc.encodeStateAsUpdate(), storedSeq.get());
    }

    record Snapshot(byte[] state, long upToSeq) {
    }

    int peerCount() {
        return peers.size();
    }

    Set<DocumentPeer> peers() {
        return peers;
    }

    boolean isFailed() {
        return failed;
    }

    /** The client ids an awareness update speaks for (parsing only its framing). */
    static List<Long> awarenessClients(byte[] update) {
        Lib0Reader r = new Lib0Reader(update);
        long n = r.readVarUint();
        if (n > r.remaining()) {
            throw new DecodingException("awareness update length exceeds data");
        }
        List<Long> clients = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            clients.add(r.readVarUint());
            r.readVarUint();
            r.readVarString();
        }
        if (r.hasContent()) {
            throw new DecodingException("trailing bytes after the awareness update");
        }
        return clients;
    }

    /** Schedules compactions of changed documents. */
    interface Compaction {
        void changed(LiveDocument d);
    }
}
