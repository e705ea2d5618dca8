package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Dispatch of observer callbacks at the end of a transaction, in the order Yjs uses. */
final class Events {
    private Events() {}

    static void callObservers(Transaction tr) {
        AbstractType single = tr.singleChangedType();
        if (single != null) {
            if (single.item == null || !single.item.isDeleted()) single.callObserver(tr, tr.singleChangedSubs());
        } else {
            if (!tr.anyChangedType()) return;
            Map<AbstractType, Set<String>> changed = tr.changed();
            for (Map.Entry<AbstractType, Set<String>> e : changed.size() == 1 ? changed.entrySet() : new ArrayList<>(changed.entrySet())) {
                AbstractType t = e.getKey();
                if (t.item == null || !t.item.isDeleted()) t.callObserver(tr, e.getValue());
            }
        }
        if (tr.changedParentTypes.isEmpty()) return;
        for (Map.Entry<AbstractType, List<YEvent>> e : tr.changedParentTypes.entrySet()) {
            AbstractType type = e.getKey();
            if (type.deepObservers.isEmpty() || (type.item != null && type.item.isDeleted())) continue;
            List<YEvent> events = new ArrayList<>();
            for (YEvent ev : e.getValue()) {
                if (ev.target.item == null || !ev.target.item.isDeleted()) {
                    ev.currentTarget = type;
                    events.add(ev);
                }
            }
            events.sort((a, b) -> a.path().size() - b.path().size());
            for (java.util.function.BiConsumer<List<YEvent>, Transaction> l : new ArrayList<>(type.deepObservers)) l.accept(events, tr);
        }
    }

    /** Whether an event for this type would be seen by anyone (its observers or a deep observer above). */
    static boolean wanted(AbstractType type) {
        if (!type.observers.isEmpty()) return true;
        for (AbstractType t = type; ; ) {
            if (!t.deepObservers.isEmpty()) return true;
            if (t.item == null) return false;
            t = (AbstractType) t.item.parent;
        }
    }

    static void callTypeObservers(AbstractType type, Transaction tr, YEvent event) {
        AbstractType t = type;
        if (tr.changedParentTypes.isEmpty() && !(tr.changedParentTypes instanceof java.util.LinkedHashMap)) tr.changedParentTypes = new java.util.LinkedHashMap<>();
        while (true) {
            tr.changedParentTypes.computeIfAbsent(t, k -> new ArrayList<>()).add(event);
            if (t.item == null) break;
            t = (AbstractType) t.item.parent;
        }
        for (Consumer<YEvent> l : new ArrayList<>(type.observers)) l.accept(event);
    }
}
