package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Undo/redo of local changes to a set of shared types (the scope), like Yjs' UndoManager:
 * changes from tracked origins within the capture timeout are merged into one stack item.
 */
public final class UndoManager {
    /** One undoable step: what it inserted and what it deleted. */
    public static final class StackItem {
        DeleteSet insertions;
        DeleteSet deletions;
        public final Map<Object, Object> meta = new java.util.LinkedHashMap<>();

        StackItem(DeleteSet deletions, DeleteSet insertions) {
            this.insertions = insertions;
            this.deletions = deletions;
        }
    }

    /** Options; the defaults are those of Yjs. */
    public static final class Options {
        public long captureTimeoutMs = 500;
        public Predicate<Transaction> captureTransaction = t -> true;
        public Predicate<Object> deleteFilter = i -> true;
        public Set<Object> trackedOrigins = new HashSet<>(Collections.singleton(null));
        public boolean ignoreRemoteMapChanges;
        public LongSupplier clock = System::currentTimeMillis;
    }

    final YDoc doc;
    final List<Object> scope = new ArrayList<>();
    private final Options opts;
    final Set<Object> trackedOrigins;
    final List<StackItem> undoStack = new ArrayList<>();
    final List<StackItem> redoStack = new ArrayList<>();
    private boolean undoing, redoing;
    private StackItem currStackItem;
    private long lastChange;
    private final Consumer<Transaction> handler = this::afterTransaction;
    private final List<Consumer<StackItem>> addedListeners = new ArrayList<>();
    private final List<Consumer<StackItem>> poppedListeners = new ArrayList<>();

    public UndoManager(AbstractType scope) { this(List.of(scope), new Options()); }

    public UndoManager(List<? extends AbstractType> scope, Options opts) {
        this.doc = scope.get(0).doc;
        this.opts = opts;
        this.trackedOrigins = new HashSet<>(opts.trackedOrigins);
        this.trackedOrigins.add(this);
        addToScope(scope);
        doc.onAfterTransaction(handler);
    }

    public void addToScope(List<? extends AbstractType> types) {
        for (AbstractType t : types) if (!scope.contains(t)) scope.add(t);
    }

    public void addTrackedOrigin(Object origin) { trackedOrigins.add(origin); }

    public void removeTrackedOrigin(Object origin) { trackedOrigins.remove(origin); }

    public void onStackItemAdded(Consumer<StackItem> l) { addedListeners.add(l); }

    public void onStackItemPopped(Consumer<StackItem> l) { poppedListeners.add(l); }

    public boolean canUndo() { return !undoStack.isEmpty(); }

    public boolean canRedo() { return !redoStack.isEmpty(); }

    public int undoStackSize() { return undoStack.size(); }

    public int redoStackSize() { return redoStack.size(); }

    /** The next change starts a new stack item even within the capture timeout. */
    public void stopCapturing() { lastChange = 0; }

    public void destroy() {
        trackedOrigins.remove(this);
        doc.offAfterTransaction(handler);
    }

    static boolean isParentOf(AbstractType parent, Item child) {
        while (child != null) {
            if (child.parent == parent) return true;
            child = ((AbstractType) child.parent).item;
        }
        return false;
    }

    private boolean inScope(Item item) {
        for (Object t : scope) if (t == doc || isParentOf((AbstractType) t, item)) return true;
        return false;
    }

    static void keepItem(Item item, boolean keep) {
        while (item != null && item.keep() != keep) {
            item.keep(keep);
            item = ((AbstractType) item.parent).item;
        }
    }

    static void iterateDeleted(Transaction tr, DeleteSet ds, Consumer<AbstractStruct> f) {
        for (Map.Entry<Long, DeleteSet.Ranges> e : ds.clients.entrySet()) {
            StructList structs = tr.doc.store.clients.get(e.getKey());
            if (structs == null) continue;
            int state = structs.state();
            DeleteSet.Ranges r = e.getValue();
            for (int i = 0; i < r.size && r.clocks[i] < state; i++) tr.doc.store.iterateStructs(tr, structs, r.clocks[i], r.lens[i], f::accept);
        }
    }

    private boolean changedInScope(Transaction tr) {
        for (AbstractType t : tr.changedTypes()) {
            if (t.item != null && t.item.isDeleted()) continue;
            for (AbstractType x = t; ; ) {
                if (scope.contains(x)) return true;
                if (x.item == null) break;
                x = (AbstractType) x.item.parent;
            }
        }
        return false;
    }

    private void afterTransaction(Transaction tr) {
        if (!opts.captureTransaction.test(tr) || !(scope.contains(doc) || changedInScope(tr))) return;
        Object origin = tr.origin;
        if (!trackedOrigins.contains(origin) && (origin == null || !trackedOrigins.contains(origin.getClass()))) return;
        boolean wasUndoing = undoing, wasRedoing = redoing;
        List<StackItem> stack = wasUndoing ? redoStack : undoStack;
        if (wasUndoing) stopCapturing();
        else if (!wasRedoing) clear(false, true);
        DeleteSet insertions = new DeleteSet();
        for (int i = 0; i < tr.afterState.size; i++) {
            long client = tr.afterState.clients[i];
            int start = tr.beforeStateOf(client);
            int len = tr.afterState.clocks[i] - start;
            if (len > 0) insertions.add(client, start, len);
        }
        long now = opts.clock.getAsLong();
        boolean didAdd = false;
        if (lastChange > 0 && now - lastChange < opts.captureTimeoutMs && !stack.isEmpty() && !wasUndoing && !wasRedoing) {
            StackItem last = stack.get(stack.size() - 1);
            last.deletions = DeleteSet.merge(List.of(last.deletions, tr.deleteSet));
            last.insertions = DeleteSet.merge(List.of(last.insertions, insertions));
        } else {
            stack.add(new StackItem(tr.deleteSet, insertions));
            didAdd = true;
        }
        if (!wasUndoing && !wasRedoing) lastChange = now;
        iterateDeleted(tr, tr.deleteSet, s -> {
            if (s instanceof Item && inScope((Item) s)) keepItem((Item) s, true);
        });
        if (didAdd) for (Consumer<StackItem> l : new ArrayList<>(addedListeners)) l.accept(stack.get(stack.size() - 1));
    }

    public void clear() { clear(true, true); }

    public void clear(boolean clearUndo, boolean clearRedo) {
        if ((clearUndo && canUndo()) || (clearRedo && canRedo())) {
            doc.transact(tr -> {
                if (clearUndo) {
                    for (StackItem si : undoStack) clearItem(tr, si);
                    undoStack.clear();
                }
                if (clearRedo) {
                    for (StackItem si : redoStack) clearItem(tr, si);
                    redoStack.clear();
                }
            });
        }
    }

    private void clearItem(Transaction tr, StackItem si) {
        iterateDeleted(tr, si.deletions, s -> {
            if (s instanceof Item && inScope((Item) s)) keepItem((Item) s, false);
        });
    }

    public StackItem undo() {
        undoing = true;
        try {
            return pop(undoStack);
        } finally {
            undoing = false;
        }
    }

    public StackItem redo() {
        redoing = true;
        try {
            return pop(redoStack);
        } finally {
            redoing = false;
        }
    }

    private StackItem pop(List<StackItem> stack) {
        StructStore store = doc.store;
        doc.transact(this, true, tr -> {
            while (!stack.isEmpty() && currStackItem == null) {
                StackItem si = stack.remove(stack.size() - 1);
                Set<Item> itemsToRedo = new LinkedHashSet<>();
                List<Item> itemsToDelete = new ArrayList<>();
                boolean[] performed = {false};
                iterateDeleted(tr, si.insertions, s -> {
                    if (s instanceof Item) {
                        Item struct = (Item) s;
                        if (struct.redone != null) {
                            Object[] res = RelativePosition.followRedone(store, struct.id());
                            AbstractStruct it = (AbstractStruct) res[0];
                            int diff = (Integer) res[1];
                            if (diff > 0) it = store.getItemCleanStart(tr, new ID(it.client, it.clock + diff));
                            if (!(it instanceof Item)) return;
                            struct = (Item) it;
                        }
                        if (!struct.isDeleted() && inScope(struct)) itemsToDelete.add(struct);
                    }
                });
                iterateDeleted(tr, si.deletions, s -> {
                    if (s instanceof Item && inScope((Item) s) && !si.insertions.isDeleted(s.id())) itemsToRedo.add((Item) s);
                });
                for (Item struct : itemsToRedo) {
                    performed[0] = redoItem(tr, struct, itemsToRedo, si.insertions) != null || performed[0];
                }
                for (int i = itemsToDelete.size() - 1; i >= 0; i--) {
                    Item item = itemsToDelete.get(i);
                    if (opts.deleteFilter.test(item)) {
                        item.delete(tr);
                        performed[0] = true;
                    }
                }
                currStackItem = performed[0] ? si : null;
            }
            for (Map.Entry<AbstractType, Set<String>> e : tr.changed().entrySet()) {
                if (e.getValue().contains(null) && e.getKey().searchMarkers != null) e.getKey().searchMarkers.clear();
            }
        });
        StackItem res = currStackItem;
        if (res != null) {
            for (Consumer<StackItem> l : new ArrayList<>(poppedListeners)) l.accept(res);
            currStackItem = null;
        }
        return res;
    }

    private boolean deletedByStack(List<StackItem> stack, ID id) {
        for (StackItem s : stack) if (s.deletions.isDeleted(id)) return true;
        return false;
    }

    /** Re-creates a deleted item (Yjs redoItem); returns the new item or null. */
    Item redoItem(Transaction tr, Item item, Set<Item> redoItems, DeleteSet itemsToDelete) {
        StructStore store = tr.doc.store;
        long own = tr.doc.clientId;
        if (item.redone != null) return (Item) store.getItemCleanStart(tr, item.redone);
        Item parentItem = ((AbstractType) item.parent).item;
        Item left = null, right;
        if (parentItem != null && parentItem.isDeleted()) {
            if (parentItem.redone == null && (!redoItems.contains(parentItem) || redoItem(tr, parentItem, redoItems, itemsToDelete) == null)) return null;
            while (parentItem.redone != null) parentItem = (Item) store.getItemCleanStart(tr, parentItem.redone);
        }
        AbstractType parentType = parentItem == null ? (AbstractType) item.parent : ((ContentType) parentItem.content).type;
        if (item.parentSub == null) {
            left = item.left;
            right = item;
            while (left != null) {
                Item trace = left;
                while (trace != null && ((AbstractType) trace.parent).item != parentItem) {
                    trace = trace.redone == null ? null : (Item) store.getItemCleanStart(tr, trace.redone);
                }
                if (trace != null && ((AbstractType) trace.parent).item == parentItem) {
                    left = trace;
                    break;
                }
                left = left.left;
            }
            while (right != null) {
                Item trace = right;
                while (trace != null && ((AbstractType) trace.parent).item != parentItem) {
                    trace = trace.redone == null ? null : (Item) store.getItemCleanStart(tr, trace.redone);
                }
                if (trace != null && ((AbstractType) trace.parent).item == parentItem) {
                    right = trace;
                    break;
                }
                right = right.right;
            }
        } else {
            right = null;
            if (item.right != null && !opts.ignoreRemoteMapChanges) {
                left = item;
                while (left != null && left.right != null && (left.right.redone != null || itemsToDelete.isDeleted(left.right.id())
                    || deletedByStack(undoStack, left.right.id()) || deletedByStack(redoStack, left.right.id()))) {
                    left = left.right;
                    while (left.redone != null) left = (Item) store.getItemCleanStart(tr, left.redone);
                }
                if (left != null && left.right != null) return null;
            } else {
                left = parentType.map.get(item.parentSub);
            }
            if (left != null && ((AbstractType) left.parent).item != parentItem) left = parentType.map.get(item.parentSub);
        }
        int nextClock = store.getState(own);
        Item redone = new Item(own, nextClock, left, left == null ? null : left.lastId(), right, right == null ? null : right.id(),
            parentType, item.parentSub, item.content.copy());
        item.redone = new ID(own, nextClock);
        keepItem(redone, true);
        redone.integrate(tr, 0);
        return redone;
    }
}
