package dev.aqueduct.core.docs;

import dev.aqueduct.api.spi.DocumentStore;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.core.bindings.Bindings;
import dev.aqueduct.core.hooks.Hooks;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The documents loaded on this node. A document loads on first use (off the caller's thread), is shared by every
 * peer, and unloads when its last peer left, after a final compaction. A failed load leaves nothing behind, so the
 * next attempt loads from the store again; nothing is ever stored for a document that did not load.
 */
public final class DocumentService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DocumentService.class.getName());

    private final DocumentStore store;
    private final DocumentSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Hooks hooks;
    private final Bindings bindings;
    private final ExecutorService loader;
    private final DocumentWriter writer;
    private final Map<String, Entry> docs = new HashMap<>();
    /** Compaction state per document id: first and last change since the last compaction. */
    private final ConcurrentHashMap<String, long[]> dirty = new ConcurrentHashMap<>();
    /** When each document first changed since its last automatic version. */
    private final ConcurrentHashMap<String, Long> unversioned = new ConcurrentHashMap<>();
    private final Object creating = new Object();

    private static final class Entry {
        final CompletableFuture<LiveDocument> future;
        int refs;

        Entry(CompletableFuture<LiveDocument> future) {
            this.future = future;
        }
    }

    public DocumentService(DocumentStore store, DocumentSettings settings, Clock clock,
                           ScheduledExecutorService scheduler, Hooks hooks) {
        this(store, settings, clock, scheduler, hooks, new Bindings(List::of, () -> "prosemirror"));
    }

    /** @param bindings editor bindings: the default one validates changes, hooks read content through them */
    public DocumentService(DocumentStore store, DocumentSettings settings, Clock clock,
                           ScheduledExecutorService scheduler, Hooks hooks, Bindings bindings) {
        this.hooks = hooks;
        this.bindings = bindings;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        AtomicInteger n = new AtomicInteger();
        this.loader = Executors.newFixedThreadPool(settings.loaderThreads(), r -> {
            Thread t = new Thread(r, "aqueduct-documents-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.writer = new DocumentWriter(store, settings.storeQueue(), settings.storeGroup(), (d, e) -> {
            LOG.log(Level.WARNING, e.getMessage(), e.getCause());
            fail(d, "the document could not be stored");
        });
        scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    public DocumentStore store() {
        return store;
    }

    public Bindings bindings() {
        return bindings;
    }

    /**
     * Opens a document for a peer: completes once the stored document is loaded and the peer attached. Every
     * successful acquire needs one {@link #release}.
     */
    public CompletableFuture<LiveDocument> acquire(String documentId, DocumentPeer peer) {
        Entry e;
        synchronized (docs) {
            e = docs.get(documentId);
            if (e == null) {
                CompletableFuture<LiveDocument> f = new CompletableFuture<>();
                e = new Entry(f);
                docs.put(documentId, e);
                Entry created = e;
                loader.execute(() -> load(documentId, created));
            }
            e.refs++;
        }
        Entry entry = e;
        return e.future.thenApply(d -> {
            d.attach(peer);
            return d;
        }).whenComplete((d, error) -> {
            if (error != null) {
                synchronized (docs) {
                    entry.refs--;
                }
            }
        });
    }

    private void load(String documentId, Entry e) {
        try {
            if (!hooks.none()) {
                hooks.before(Hooks.Event.LOAD_DOCUMENT,
                        new HookContext("system", null, null, dev.aqueduct.api.RoomId.of(documentId), null));
            }
            Optional<DocumentStore.StoredDocument> stored = store.load(documentId);
            e.future.complete(new LiveDocument(documentId, stored.orElse(null), writer, clock, this::changed, hooks,
                    bindings));
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "loading document " + documentId + " failed", ex);
            synchronized (docs) {
                docs.remove(documentId, e);
            }
            e.future.completeExceptionally(ex);
        }
    }

    /**
     * The peer is done with the document; the last one out unloads it, once its queued changes are stored (a load
     * in between would miss them), unless another peer acquired it meanwhile.
     */
    public void release(LiveDocument d, DocumentPeer peer) {
        d.detach(peer);
        Entry entry;
        synchronized (docs) {
            Entry e = docs.get(d.id());
            if (e == null || e.future.getNow(null) != d || --e.refs > 0) {
                return;
            }
            entry = e;
        }
        writer.afterQueued(() -> {
            synchronized (docs) {
                if (entry.refs > 0 || !docs.remove(d.id(), entry)) {
                    return;
                }
            }
            if (!d.isFailed()) {
                loader.execute(() -> compact(d));
            }
        });
    }

    /** A document whose store failed: unload it now and tell its peers (they reconnect and load it again). */
    public void fail(LiveDocument d, String reason) {
        synchronized (docs) {
            Entry e = docs.get(d.id());
            if (e != null && e.future.getNow(null) == d) {
                docs.remove(d.id());
            }
        }
        dirty.remove(d.id());
        unversioned.remove(d.id());
        for (DocumentPeer p : List.copyOf(d.peers())) {
            p.documentFailed(reason);
        }
    }

    /** The loaded document, if it is loaded on this node. */
    public Optional<LiveDocument> loaded(String documentId) {
        synchronized (docs) {
            Entry e = docs.get(documentId);
            return e == null ? Optional.empty() : Optional.ofNullable(e.future.getNow(null));
        }
    }

    /**
     * The document's current state as one Yjs V1 update: from the loaded copy, or else from the store (without
     * loading it for peers). Empty when it was never stored.
     */
    public Optional<byte[]> readState(String documentId) {
        Optional<LiveDocument> live = loaded(documentId);
        if (live.isPresent()) {
            return Optional.of(live.get().state());
        }
        return store.load(documentId).map(stored -> {
            dev.aqueduct.crdt.YDoc d = new dev.aqueduct.crdt.YDoc();
            if (stored.snapshot() != null && stored.snapshot().length > 0) {
                d.applyUpdate(stored.snapshot());
            }
            stored.updates().forEach(d::applyUpdate);
            return d.encodeStateAsUpdate();
        });
    }

    /**
     * Applies an update as {@code subject} (REST and system changes): loaded if needed, stored, and seen live by every
     * connected editor. Returns whether it changed the document.
     */
    public boolean applyUpdate(String documentId, byte[] update, String subject) {
        DocumentPeer peer = new SystemPeer(subject);
        LiveDocument d = acquire(documentId, peer).join();
        try {
            return stored(d.apply(update, peer));
        } finally {
            release(d, peer);
        }
    }

    /**
     * Applies the update that {@code change} computes from the document's current state, as {@code subject}: like
     * {@link #applyUpdate}, and no other change comes in between reading the state and applying the update.
     */
    public boolean applyChange(String documentId, UnaryOperator<byte[]> change, String subject) {
        DocumentPeer peer = new SystemPeer(subject);
        LiveDocument d = acquire(documentId, peer).join();
        try {
            // LiveDocument serializes on its own monitor; holding it keeps other editors' updates out meanwhile
            CompletableFuture<Boolean> applied;
            synchronized (d) {
                applied = d.apply(change.apply(d.state()), peer);
            }
            return stored(applied);
        } finally {
            release(d, peer);
        }
    }

    /**
     * Creates a document from a Yjs state (a branch of another document), as {@code subject}. False, and nothing
     * changed, when the document exists already.
     */
    public boolean create(String documentId, byte[] state, String subject) {
        synchronized (creating) {
            if (readState(documentId).isPresent()) {
                return false;
            }
            applyUpdate(documentId, state, subject);
            return true;
        }
    }

    /** Saves the document's current state as a named version. */
    public DocumentStore.VersionInfo saveVersion(String documentId, String name, String subject) {
        byte[] state = readState(documentId).orElseGet(() -> new dev.aqueduct.crdt.YDoc().encodeStateAsUpdate());
        return store.saveVersion(documentId, name, state, subject);
    }

    /** Deletes a document with its history: connected editors are disconnected first. */
    public void delete(String documentId) {
        loaded(documentId).ifPresent(d -> fail(d, "the document was deleted"));
        store.delete(documentId);
    }

    /** Waits until a change is stored (the writer has already failed the document if it could not be). */
    private static boolean stored(CompletableFuture<Boolean> applied) {
        try {
            return applied.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** A peer for changes that come from no connection: it receives nothing. */
    private record SystemPeer(String subject) implements DocumentPeer {
        @Override
        public void documentUpdate(byte[] update, DocumentPeer origin) {
        }

        @Override
        public void awarenessUpdate(byte[] update, DocumentPeer origin) {
        }

        @Override
        public void documentFailed(String reason) {
        }

        @Override
        public String connectionId() {
            return null;
        }
    }

    public int loadedCount() {
        synchronized (docs) {
            return docs.size();
        }
    }

    private void changed(LiveDocument d) {
        long now = System.nanoTime();
        dirty.compute(d.id(), (id, times) -> times == null ? new long[] {now, now} : new long[] {times[0], now});
        unversioned.putIfAbsent(d.id(), now);
    }

    /** Compactions, automatic versions and awareness expiry; runs once a second. */
    void tick() {
        long now = System.nanoTime();
        long interval = settings.autoVersionInterval().toNanos();
        if (interval > 0) {
            for (Map.Entry<String, Long> e : unversioned.entrySet()) {
                if (now - e.getValue() >= interval && unversioned.remove(e.getKey(), e.getValue())) {
                    loader.execute(() -> autoVersion(e.getKey()));
                }
            }
        }
        for (Map.Entry<String, long[]> e : dirty.entrySet()) {
            long[] t = e.getValue();
            if (now - t[1] >= settings.compactDebounce().toNanos()
                    || now - t[0] >= settings.compactMaxDebounce().toNanos()) {
                loaded(e.getKey()).ifPresent(d -> {
                    if (dirty.remove(e.getKey(), t)) {
                        loader.execute(() -> compact(d));
                    }
                });
            }
        }
        List<LiveDocument> live;
        synchronized (docs) {
            live = docs.values().stream().map(en -> en.future.getNow(null)).filter(x -> x != null).toList();
        }
        for (LiveDocument d : live) {
            d.expireAwareness();
        }
    }

    private void autoVersion(String documentId) {
        try {
            saveVersion(documentId, "automatic " + clock.instant(), null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "saving an automatic version of " + documentId + " failed", e);
        }
    }

    private void compact(LiveDocument d) {
        if (d.isFailed()) {
            return;
        }
        try {
            LiveDocument.Snapshot s = d.snapshot();
            if (s.upToSeq() > 0) {
                store.compact(d.id(), s.state(), s.upToSeq());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "compacting document " + d.id() + " failed; its log stays as it is", e);
        }
    }

    @Override
    public void close() {
        writer.close();
        loader.shutdown();
        try {
            loader.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
