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
    /** Changed types and the map keys that changed in them (null stands for list changes). */
    final Map<AbstractType, Set<String>> changed = new LinkedHashMap<>();
    /** Shared, immutable value for types whose only change is in their list. */
    private static final Set<String> LIST_ONLY = java.util.Collections.singleton(null);
    Map<AbstractType, List<YEvent>> changedParentTypes = java.util.Collections.emptyMap();
    final List<AbstractStruct> mergeStructs = new ArrayList<>();
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

    void addChangedType(AbstractType type, String parentSub) {
        Item item = type.item;
        if (item == null || (item.clock < beforeStateOf(item.client) && !item.isDeleted())) {
            Set<String> s = changed.get(type);
            if (s == null) {
                if (parentSub == null) {
                    changed.put(type, LIST_ONLY);
                } else {
                    s = new HashSet<>();
                    s.add(parentSub);
                    changed.put(type, s);
                }
            } else if (!s.contains(parentSub)) {
                if (s == LIST_ONLY) {
                    s = new HashSet<>(s);
                    changed.put(type, s);
                }
                s.add(parentSub);
            }
        }
    }

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
        UpdateCodec.writeClientsStructs(e, doc.store, beforeState.toMap());
        deleteSet.write(e);
        return e.toByteArray();
    }
}
