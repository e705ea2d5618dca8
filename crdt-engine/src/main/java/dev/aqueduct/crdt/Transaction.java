package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A batch of changes on one document; observers and update events run when it ends. */
public final class Transaction {
    final YDoc doc;
    final DeleteSet deleteSet = new DeleteSet();
    final ClockVector beforeState;
    ClockVector afterState;
    /**
     * Changed types and the map keys that changed in them (null stands for list changes). Most
     * transactions change one type: it is kept in two fields until a second one changes, then
     * everything moves to {@link #changedMap} (see {@link #changed()}).
     */
    private AbstractType changedType;
    private Set<String> changedSubs;
    private Map<AbstractType, Set<String>> changedMap;
    /** Shared, immutable value for types whose only change is in their list. */
    private static final Set<String> LIST_ONLY = java.util.Collections.singleton(null);
    Map<AbstractType, List<YEvent>> changedParentTypes = java.util.Collections.emptyMap();
    /** Structs to try merging with their neighbours at the end; null until the first one. */
    List<AbstractStruct> mergeStructs;
    final Object origin;
    private Map<Object, Object> meta;
    boolean local;
    Set<YDoc> subdocsAdded = java.util.Collections.emptySet();
    Set<YDoc> subdocsRemoved = java.util.Collections.emptySet();
    Set<YDoc> subdocsLoaded = java.util.Collections.emptySet();

    Set<YDoc> subdocsAdded() {
        if (subdocsAdded.isEmpty()) subdocsAdded = new LinkedHashSet<>();
        return subdocsAdded;
    }

    Set<YDoc> subdocsRemoved() {
        if (subdocsRemoved.isEmpty()) subdocsRemoved = new LinkedHashSet<>();
        return subdocsRemoved;
    }

    Set<YDoc> subdocsLoaded() {
        if (subdocsLoaded.isEmpty()) subdocsLoaded = new LinkedHashSet<>();
        return subdocsLoaded;
    }
    boolean needFormattingCleanup;

    Transaction(YDoc doc, Object origin, boolean local) {
        this.doc = doc;
        this.origin = origin;
        this.local = local;
        this.beforeState = doc.store.clockVector();
    }

    public YDoc doc() { return doc; }

    public Object origin() { return origin; }

    public boolean isLocal() { return local; }

    public Map<Object, Object> meta() {
        if (meta == null) meta = new LinkedHashMap<>();
        return meta;
    }

    int beforeStateOf(long client) { return beforeState.get(client); }

    /** The changed types in the order they first changed, as a map (created on first use). */
    Map<AbstractType, Set<String>> changed() {
        if (changedMap == null) {
            changedMap = new LinkedHashMap<>();
            if (changedType != null) changedMap.put(changedType, changedSubs);
            changedType = null;
            changedSubs = null;
        }
        return changedMap;
    }

    /** The only changed type while no second one changed (and {@link #changed()} was not used), else null. */
    AbstractType singleChangedType() { return changedType; }

    Set<String> singleChangedSubs() { return changedSubs; }

    /** The changed types without creating the map. */
    Set<AbstractType> changedTypes() {
        if (changedType != null) return java.util.Collections.singleton(changedType);
        return changedMap == null ? java.util.Collections.emptySet() : changedMap.keySet();
    }

    boolean anyChangedType() { return changedType != null || (changedMap != null && !changedMap.isEmpty()); }

    void removeChangedType(AbstractType type) {
        if (changedType == type) {
            changedType = null;
            changedSubs = null;
        } else if (changedMap != null) {
            changedMap.remove(type);
        }
    }

    void addChangedType(AbstractType type, String parentSub) {
        Item item = type.item;
        if (item == null || (item.clock < beforeStateOf(item.client) && !item.isDeleted())) {
            if (changedMap == null) {
                if (changedType == null) {
                    changedType = type;
                    changedSubs = parentSub == null ? LIST_ONLY : newSubs(LIST_ONLY, parentSub, false);
                    return;
                }
                if (changedType == type) {
                    if (!changedSubs.contains(parentSub)) changedSubs = newSubs(changedSubs, parentSub, true);
                    return;
                }
            }
            Map<AbstractType, Set<String>> m = changed();
            Set<String> s = m.get(type);
            if (s == null) {
                m.put(type, parentSub == null ? LIST_ONLY : newSubs(LIST_ONLY, parentSub, false));
            } else if (!s.contains(parentSub)) {
                m.put(type, newSubs(s, parentSub, true));
            }
        }
    }

    /** Adds a key to a set of changed keys, copying the shared list-only set first. */
    private static Set<String> newSubs(Set<String> s, String key, boolean keep) {
        Set<String> n = s == LIST_ONLY ? new HashSet<>() : s;
        if (s == LIST_ONLY && keep) n.add(null);
        n.add(key);
        return n;
    }

    void addMergeStruct(AbstractStruct s) {
        if (mergeStructs == null) mergeStructs = new ArrayList<>();
        mergeStructs.add(s);
    }

    /** The clock the next local struct gets. */
    int nextClock() { return doc.store.getState(doc.clientId); }

    ID nextId() { return new ID(doc.clientId, doc.store.getState(doc.clientId)); }

    /** Whether the transaction changed anything (structs or deletions). */
    boolean hasChanges() {
        if (!deleteSet.isEmpty()) return true;
        for (int i = 0; i < afterState.size; i++) {
            if (beforeState.get(afterState.clients[i]) != afterState.clocks[i]) return true;
        }
        return false;
    }

    byte[] encodeUpdate(boolean v2) {
        deleteSet.sortAndMerge();
        UpdateEncoder e = UpdateEncoder.create(v2);
        UpdateCodec.writeClientsStructsSince(e, doc.store, beforeState);
        deleteSet.write(e);
        return e.toByteArray();
    }
}
