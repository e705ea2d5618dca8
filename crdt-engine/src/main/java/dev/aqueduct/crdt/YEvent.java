package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What changed in one shared type during one transaction. */
public class YEvent {
    final AbstractType target;
    AbstractType currentTarget;
    final Transaction transaction;
    private Map<String, KeyChange> keys;
    private List<Map<String, Object>> delta;
    private Set<Item> added, deleted;

    /** A change to one map key: action is "add", "update" or "delete". */
    public static final class KeyChange {
        public final String action;
        public final Object oldValue;

        KeyChange(String action, Object oldValue) {
            this.action = action;
            this.oldValue = oldValue;
        }

        @Override
        public String toString() { return action + "(" + oldValue + ")"; }
    }

    YEvent(AbstractType target, Transaction tr) {
        this.target = target;
        this.currentTarget = target;
        this.transaction = tr;
    }

    public AbstractType target() { return target; }

    public AbstractType currentTarget() { return currentTarget; }

    public Transaction transaction() { return transaction; }

    /** Path from the observed type down to the changed one (keys and indexes). */
    public List<Object> path() {
        LinkedList<Object> path = new LinkedList<>();
        AbstractType child = target;
        while (child.item != null && child != currentTarget) {
            if (child.item.parentSub != null) {
                path.addFirst(child.item.parentSub);
            } else {
                int i = 0;
                AbstractType p = (AbstractType) child.item.parent;
                for (Item c = p.start; c != child.item && c != null; c = c.right) {
                    if (!c.isDeleted() && c.countable()) i += c.length;
                }
                path.addFirst(i);
            }
            child = (AbstractType) child.item.parent;
        }
        return path;
    }

    boolean deletes(AbstractStruct s) { return transaction.deleteSet.isDeleted(s.id()); }

    boolean adds(AbstractStruct s) { return s.clock >= transaction.beforeStateOf(s.client); }

    public Map<String, KeyChange> keys() {
        if (keys == null) {
            Map<String, KeyChange> k = new LinkedHashMap<>();
            Set<String> changed = transaction.changed().getOrDefault(target, Collections.emptySet());
            for (String key : changed) {
                if (key == null) continue;
                Item item = target.map.get(key);
                if (item == null) continue;
                if (adds(item)) {
                    Item prev = item.left;
                    while (prev != null && adds(prev)) prev = prev.left;
                    if (deletes(item)) {
                        if (prev != null && deletes(prev)) k.put(key, new KeyChange("delete", last(prev)));
                    } else if (prev != null && deletes(prev)) {
                        k.put(key, new KeyChange("update", last(prev)));
                    } else {
                        k.put(key, new KeyChange("add", null));
                    }
                } else if (deletes(item)) {
                    k.put(key, new KeyChange("delete", last(item)));
                }
            }
            keys = k;
        }
        return keys;
    }

    private static Object last(Item i) {
        List<Object> v = i.content.values();
        return v.isEmpty() ? null : v.get(v.size() - 1);
    }

    /** List changes as a delta: maps with "insert" (a list of values), "retain" or "delete". */
    public List<Map<String, Object>> delta() {
        if (delta == null) computeChanges();
        return delta;
    }

    void computeChanges() {
        List<Map<String, Object>> d = new ArrayList<>();
        added = Collections.newSetFromMap(new IdentityHashMap<>());
        deleted = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> changed = transaction.changed().getOrDefault(target, Collections.emptySet());
        if (changed.contains(null)) {
            Map<String, Object> lastOp = null;
            for (Item item = target.start; item != null; item = item.right) {
                if (item.isDeleted()) {
                    if (deletes(item) && !adds(item)) {
                        if (lastOp == null || !lastOp.containsKey("delete")) {
                            if (lastOp != null) d.add(lastOp);
                            lastOp = new LinkedHashMap<>();
                            lastOp.put("delete", 0);
                        }
                        lastOp.put("delete", (Integer) lastOp.get("delete") + item.length);
                        deleted.add(item);
                    }
                } else if (adds(item)) {
                    if (lastOp == null || !lastOp.containsKey("insert")) {
                        if (lastOp != null) d.add(lastOp);
                        lastOp = new LinkedHashMap<>();
                        lastOp.put("insert", new ArrayList<>());
                    }
                    @SuppressWarnings("unchecked")
                    List<Object> ins = (List<Object>) lastOp.get("insert");
                    ins.addAll(item.content.values());
                    added.add(item);
                } else {
                    if (lastOp == null || !lastOp.containsKey("retain")) {
                        if (lastOp != null) d.add(lastOp);
                        lastOp = new LinkedHashMap<>();
                        lastOp.put("retain", 0);
                    }
                    lastOp.put("retain", (Integer) lastOp.get("retain") + item.length);
                }
            }
            if (lastOp != null && !lastOp.containsKey("retain")) d.add(lastOp);
        }
        delta = d;
    }

    /** Event of a {@link YText}; its delta carries text inserts and attributes. */
    public static final class YTextEvent extends YEvent {
        YTextEvent(YText target, Transaction tr, Set<String> subs) { super(target, tr); }

        @Override
        void computeChanges() { TextDelta.compute(this); }

        void setDelta(List<Map<String, Object>> d) { super.setDeltaInternal(d); }
    }

    void setDeltaInternal(List<Map<String, Object>> d) { delta = d; }
}
