package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A Yjs-compatible document: a set of named shared types plus the CRDT state behind them. */
public final class YDoc {

    long clientId;
    final boolean gc;
    /** Generated on first use (a random UUID, like Yjs' default guid). */
    private volatile String guid;
    final Object meta;
    final boolean autoLoad;
    boolean shouldLoad;
    final Map<String, AbstractType> share = new LinkedHashMap<>();
    final StructStore store = new StructStore();
    Transaction transaction;
    private final List<Transaction> cleanups = new ArrayList<>();
    private final List<BiConsumer<byte[], Object>> updateListeners = new ArrayList<>();
    private final List<BiConsumer<byte[], Object>> updateV2Listeners = new ArrayList<>();
    private final List<Consumer<Transaction>> afterTransactionListeners = new ArrayList<>();
    private final List<Consumer<SubdocsEvent>> subdocsListeners = new ArrayList<>();
    final Set<YDoc> subdocs = new LinkedHashSet<>();
    /** The item that holds this document when it is a sub-document. */
    Item item;
    /** Decides which deleted items may be garbage collected; null: all of them. */
    java.util.function.Predicate<Item> gcFilter;

    /** Options for {@link #YDoc(Options)}. */
    public static final class Options {
        public boolean gc = true;
        public String guid;
        public Long clientId;
        public Object meta;
        public boolean autoLoad;
        public boolean shouldLoad = true;

        public Options gc(boolean v) { gc = v; return this; }
        public Options guid(String v) { guid = v; return this; }
        public Options clientId(long v) { clientId = v; return this; }
        public Options meta(Object v) { meta = v; return this; }
        public Options autoLoad(boolean v) { autoLoad = v; return this; }
        public Options shouldLoad(boolean v) { shouldLoad = v; return this; }
    }

    /** The subdocuments that were added, removed or loaded by a transaction. */
    public static final class SubdocsEvent {
        public final Set<YDoc> added, removed, loaded;

        SubdocsEvent(Set<YDoc> added, Set<YDoc> removed, Set<YDoc> loaded) {
            this.added = added;
            this.removed = removed;
            this.loaded = loaded;
        }
    }

    public YDoc() { this(new Options()); }

    public YDoc(long clientId) { this(new Options().clientId(clientId)); }

    public YDoc(Options o) {
        this.clientId = o.clientId != null ? o.clientId : generateClientId();
        this.gc = o.gc;
        this.guid = o.guid;
        this.meta = o.meta;
        this.autoLoad = o.autoLoad;
        this.shouldLoad = o.shouldLoad || o.autoLoad;
    }

    /**
     * A random uint32, like Yjs' client ids. They are public (every update carries them) and only
     * need to be unlikely to collide, so no SecureRandom: setting one up costs tens of milliseconds
     * in a fresh JVM.
     */
    static long generateClientId() { return java.util.concurrent.ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL; }

    static YDoc fromOpts(String guid, Map<String, Object> opts) {
        Options o = new Options().guid(guid);
        if (Boolean.FALSE.equals(opts.get("gc"))) o.gc(false);
        if (Boolean.TRUE.equals(opts.get("autoLoad"))) o.autoLoad(true);
        if (opts.containsKey("meta")) o.meta(opts.get("meta"));
        o.shouldLoad(Boolean.TRUE.equals(opts.get("autoLoad")));
        return new YDoc(o);
    }

    public long clientId() { return clientId; }

    public String guid() {
        String g = guid;
        if (g == null) {
            synchronized (this) {
                g = guid;
                if (g == null) guid = g = UUID.randomUUID().toString();
            }
        }
        return g;
    }

    public boolean gcEnabled() { return gc; }

    public Object meta() { return meta; }

    public Set<YDoc> subdocs() { return subdocs; }

    /** The parent document item's document, when this is a sub-document. */
    public YDoc parentDoc() { return item == null ? null : ((AbstractType) item.parent).doc; }

    /** Marks a sub-document as loaded (the provider is expected to fetch its content). */
    public void load() {
        if (item != null && !shouldLoad) {
            YDoc parent = parentDoc();
            parent.transact(null, true, tr -> tr.subdocsLoaded().add(this));
        }
        shouldLoad = true;
    }

    /** Sets a predicate that decides which deleted items may be garbage collected. */
    void setGcFilter(java.util.function.Predicate<Item> f) { gcFilter = f; }

    // ---- shared types ----

    AbstractType getOrCreateRoot(String name) {
        AbstractType t = share.get(name);
        if (t == null) {
            t = new AbstractType.Generic();
            t.integrate(this, null);
            share.put(name, t);
        }
        return t;
    }

    /**
     * Registers {@code n} as the root type {@code name}, taking over the content of a generic
     * placeholder created by an earlier update; fails when another type has the name.
     */
    private AbstractType defineRoot(String name, AbstractType existing, AbstractType n) {
        if (existing == null) {
            n.integrate(this, null);
            share.put(name, n);
            return n;
        }
        if (existing instanceof AbstractType.Generic) {
            n.map = existing.map;
            for (Item i : n.map.values()) {
                for (Item x = i; x != null; x = x.left) x.parent = n;
            }
            n.start = existing.start;
            for (Item x = n.start; x != null; x = x.right) x.parent = n;
            n.length = existing.length;
            n.mayHaveFormats = existing.mayHaveFormats;
            n.integrate(this, null);
            share.put(name, n);
            return n;
        }
        throw new IllegalStateException("Type with the name " + name + " has already been defined with a different constructor");
    }

    public YText getText(String name) {
        AbstractType t = share.get(name);
        return t instanceof YText ? (YText) t : (YText) defineRoot(name, t, new YText());
    }

    public YArray getArray(String name) {
        AbstractType t = share.get(name);
        return t instanceof YArray ? (YArray) t : (YArray) defineRoot(name, t, new YArray());
    }

    public YMap getMap(String name) {
        AbstractType t = share.get(name);
        return t instanceof YMap ? (YMap) t : (YMap) defineRoot(name, t, new YMap());
    }

    public YXmlFragment getXmlFragment(String name) {
        AbstractType t = share.get(name);
        return t instanceof YXmlFragment ? (YXmlFragment) t : (YXmlFragment) defineRoot(name, t, new YXmlFragment());
    }

    public YXmlElement getXmlElement(String name) {
        AbstractType t = share.get(name);
        return t instanceof YXmlElement ? (YXmlElement) t : (YXmlElement) defineRoot(name, t, new YXmlElement("UNDEFINED"));
    }

    public Set<String> shareKeys() { return share.keySet(); }

    // ---- transactions ----

    public void transact(Consumer<Transaction> f) { transact(null, true, f); }

    public void transact(Object origin, Consumer<Transaction> f) { transact(origin, true, f); }

    void transact(Object origin, boolean local, Consumer<Transaction> f) {
        Transaction tr = transaction;
        if (tr != null) {
            f.accept(tr);
            return;
        }
        tr = startTransaction(origin, local);
        try {
            f.accept(tr);
        } finally {
            endTransaction(tr);
        }
    }

    /**
     * Starts a transaction when none is running. The hot editing methods use this pair directly
     * instead of {@link #transact} with a lambda: no allocation, and no call through an interface
     * that sees every kind of edit.
     */
    Transaction startTransaction(Object origin, boolean local) {
        Transaction tr = new Transaction(this, origin, local);
        transaction = tr;
        cleanups.add(tr);
        return tr;
    }

    /** Ends a transaction begun with {@link #startTransaction}; runs the cleanups when it was the first. */
    void endTransaction(Transaction tr) {
        boolean finish = tr == cleanups.get(0);
        transaction = null;
        if (finish) cleanupTransactions(cleanups, 0);
    }

    private void cleanupTransactions(List<Transaction> list, int i) {
        if (i >= list.size()) return;
        Transaction tr = list.get(i);
        try {
            notifyObservers(tr);
        } finally {
            mergeAfterTransaction(tr);
            if (list.size() <= i + 1) {
                list.clear();
            } else {
                cleanupTransactions(list, i + 1);
            }
        }
    }

    private void notifyObservers(Transaction tr) {
        tr.deleteSet.sortAndMerge();
        tr.afterState = store.clockVector();
        Events.callObservers(tr);
        if (!afterTransactionListeners.isEmpty()) {
            for (Consumer<Transaction> l : new ArrayList<>(afterTransactionListeners)) l.accept(tr);
        }
        if (tr.needFormattingCleanup) YText.cleanupAfterTransaction(tr);
    }

    /** Garbage collection and merging of what the transaction touched, then the update events. */
    private void mergeAfterTransaction(Transaction tr) {
        DeleteSet ds = tr.deleteSet;
        if (!ds.isEmpty()) {
            if (gc) tryGcDeleteSet(ds);
            tryMergeDeleteSet(ds);
        }
        ClockVector after = tr.afterState != null ? tr.afterState : store.clockVector();
        mergeNewStructs(tr, after);
        if (tr.mergeStructs != null) mergeSplitStructs(tr.mergeStructs);
        if (!tr.local) {
            if (after.has(clientId) && after.get(clientId) != tr.beforeState.get(clientId)) clientId = generateClientId();
        }
        if ((!updateListeners.isEmpty() || !updateV2Listeners.isEmpty()) && tr.hasChanges()) emitUpdates(tr);
        if (!tr.subdocsAdded.isEmpty() || !tr.subdocsRemoved.isEmpty() || !tr.subdocsLoaded.isEmpty()) emitSubdocs(tr);
    }

    /** Merges the structs each client added in the transaction with their left neighbours. */
    private void mergeNewStructs(Transaction tr, ClockVector after) {
        for (int ai = 0; ai < after.size; ai++) {
            long client = after.clients[ai];
            int beforeClock = tr.beforeStateOf(client);
            if (beforeClock != after.clocks[ai]) {
                StructList structs = store.list(client);
                int firstChange = Math.max(store.findIndex(structs, beforeClock), 1);
                for (int k = structs.size - 1; k >= firstChange; ) {
                    k -= 1 + tryToMergeWithLefts(structs, k);
                }
            }
        }
    }

    private void mergeSplitStructs(List<AbstractStruct> mergeStructs) {
        for (int k = mergeStructs.size() - 1; k >= 0; k--) {
            AbstractStruct m = mergeStructs.get(k);
            StructList structs = store.list(m.client);
            int pos = store.findIndex(structs, m.clock);
            if (pos + 1 < structs.size) {
                if (tryToMergeWithLefts(structs, pos + 1) > 1) continue;
            }
            if (pos > 0) tryToMergeWithLefts(structs, pos);
        }
    }

    private void emitUpdates(Transaction tr) {
        if (!updateListeners.isEmpty()) {
            byte[] u = tr.encodeUpdate(false);
            if (updateListeners.size() == 1) updateListeners.get(0).accept(u, tr.origin);
            else for (BiConsumer<byte[], Object> l : new ArrayList<>(updateListeners)) l.accept(u, tr.origin);
        }
        if (!updateV2Listeners.isEmpty()) {
            byte[] u = tr.encodeUpdate(true);
            if (updateV2Listeners.size() == 1) updateV2Listeners.get(0).accept(u, tr.origin);
            else for (BiConsumer<byte[], Object> l : new ArrayList<>(updateV2Listeners)) l.accept(u, tr.origin);
        }
    }

    private void emitSubdocs(Transaction tr) {
        for (YDoc sd : tr.subdocsAdded) {
            sd.clientId = clientId;
            subdocs.add(sd);
        }
        subdocs.removeAll(tr.subdocsRemoved);
        SubdocsEvent ev = new SubdocsEvent(tr.subdocsAdded, tr.subdocsRemoved, tr.subdocsLoaded);
        for (Consumer<SubdocsEvent> l : new ArrayList<>(subdocsListeners)) l.accept(ev);
    }

    private static int tryToMergeWithLefts(StructList structs, int pos) {
        AbstractStruct right = structs.get(pos);
        AbstractStruct left = structs.get(pos - 1);
        int i = pos;
        for (; i > 0; right = left, left = (--i > 0 ? structs.get(i - 1) : null)) {
            if (left.isDeleted() == right.isDeleted() && left.getClass() == right.getClass()) {
                if (left.mergeWith(right)) {
                    if (right instanceof Item) {
                        Item r = (Item) right;
                        if (r.parentSub != null && ((AbstractType) r.parent).map.get(r.parentSub) == r) {
                            ((AbstractType) r.parent).map.put(r.parentSub, (Item) left);
                        }
                    }
                    continue;
                }
            }
            break;
        }
        int merged = pos - i;
        if (merged > 0) structs.remove(pos + 1 - merged, merged);
        return merged;
    }

    private void tryGcDeleteSet(DeleteSet ds) {
        for (Map.Entry<Long, DeleteSet.Ranges> e : ds.clients.entrySet()) {
            StructList structs = store.list(e.getKey());
            DeleteSet.Ranges r = e.getValue();
            for (int di = r.size - 1; di >= 0; di--) gcRange(structs, r.clocks[di], r.clocks[di] + r.lens[di]);
        }
    }

    private void gcRange(StructList structs, int clock, int end) {
        for (int si = store.findIndex(structs, clock); si < structs.size; si++) {
            AbstractStruct s = structs.get(si);
            if (s.clock >= end) break;
            if (s instanceof Item && s.isDeleted() && !((Item) s).keep() && (gcFilter == null || gcFilter.test((Item) s))) {
                ((Item) s).gc(store, false);
            }
        }
    }

    private void tryMergeDeleteSet(DeleteSet ds) {
        for (Map.Entry<Long, DeleteSet.Ranges> e : ds.clients.entrySet()) {
            StructList structs = store.list(e.getKey());
            DeleteSet.Ranges r = e.getValue();
            for (int di = r.size - 1; di >= 0; di--) mergeRange(structs, r.clocks[di], r.lens[di]);
        }
    }

    private void mergeRange(StructList structs, int clock, int len) {
        int most = Math.min(structs.size - 1, 1 + store.findIndex(structs, clock + len - 1));
        for (int si = most; si > 0 && structs.get(si).clock >= clock; ) {
            si -= 1 + tryToMergeWithLefts(structs, si);
        }
    }

    // ---- events ----

    public void onUpdate(BiConsumer<byte[], Object> l) { updateListeners.add(l); }

    public void onUpdateV2(BiConsumer<byte[], Object> l) { updateV2Listeners.add(l); }

    public void offUpdate(BiConsumer<byte[], Object> l) { updateListeners.remove(l); }

    public void offUpdateV2(BiConsumer<byte[], Object> l) { updateV2Listeners.remove(l); }

    boolean hasAfterTransactionListeners() { return !afterTransactionListeners.isEmpty(); }

    public void onAfterTransaction(Consumer<Transaction> l) { afterTransactionListeners.add(l); }

    public void offAfterTransaction(Consumer<Transaction> l) { afterTransactionListeners.remove(l); }

    public void onSubdocs(Consumer<SubdocsEvent> l) { subdocsListeners.add(l); }

    // ---- encoding ----

    public byte[] encodeStateVector() { return UpdateCodec.encodeStateVector(store.getStateVector()); }

    public byte[] encodeStateAsUpdate() { return UpdateCodec.encodeStateAsUpdate(this, null, false); }

    public byte[] encodeStateAsUpdate(byte[] stateVector) { return UpdateCodec.encodeStateAsUpdate(this, stateVector, false); }

    public byte[] encodeStateAsUpdateV2() { return UpdateCodec.encodeStateAsUpdate(this, null, true); }

    public byte[] encodeStateAsUpdateV2(byte[] stateVector) { return UpdateCodec.encodeStateAsUpdate(this, stateVector, true); }

    public void applyUpdate(byte[] update) { applyUpdate(update, null); }

    /**
     * Applies a V1 update. Malformed input raises {@link dev.aqueduct.crdt.lib0.DecodingException}
     * before the document is touched.
     */
    public void applyUpdate(byte[] update, Object origin) {
        UpdateCodec.applyDecoded(this, UpdateCodec.decode(update, false), origin);
    }

    public void applyUpdateV2(byte[] update) { applyUpdateV2(update, null); }

    public void applyUpdateV2(byte[] update, Object origin) {
        UpdateCodec.applyDecoded(this, UpdateCodec.decode(update, true), origin);
    }

    /** Whether structs or deletions wait for missing dependencies. */
    public boolean hasPending() { return store.pendingStructs != null || store.pendingDs != null; }

    /** The document as JSON text: every named type that has been defined, like {@code doc.toJSON()} in Yjs. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, AbstractType> e : share.entrySet()) {
            if (e.getValue() instanceof AbstractType.Generic) continue;
            if (!first) sb.append(',');
            first = false;
            dev.aqueduct.crdt.lib0.Json.quote(sb, e.getKey());
            sb.append(':');
            sb.append(e.getValue().toJson());
        }
        return sb.append('}').toString();
    }

    @Override
    public String toString() { return "YDoc(" + guid() + ")"; }
}
