package dev.aqueduct.crdt;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** All structs of a document, per client. */
final class StructStore {
    final Map<Long, StructList> clients = new HashMap<>();
    /** The same lists in insertion order, for cheap iteration. */
    private long[] ids = new long[4];
    private StructList[] lists = new StructList[4];
    private int count;
    private long lastClient = -1;
    private StructList lastList;

    StructList list(long client) {
        if (client == lastClient && lastList != null) return lastList;
        return find(client);
    }

    private StructList find(long client) {
        StructList l = null;
        if (count <= 8) {
            for (int i = 0; i < count; i++) {
                if (ids[i] == client) {
                    l = lists[i];
                    break;
                }
            }
        } else {
            l = clients.get(client);
        }
        if (l != null) {
            lastClient = client;
            lastList = l;
        }
        return l;
    }

    /** Called when the last struct of a client grew in place (the cached state vector is stale). */
    void structsChanged() { cachedVector = null; }

    int clientCount() { return count; }

    long clientAt(int i) { return ids[i]; }

    StructList listAt(int i) { return lists[i]; }

    /** Registers a list created outside addStruct (used by temporary stores). */
    void putList(long client, StructList l) {
        cachedVector = null;
        clients.put(client, l);
        if (count == ids.length) {
            ids = java.util.Arrays.copyOf(ids, count * 2);
            lists = java.util.Arrays.copyOf(lists, count * 2);
        }
        ids[count] = client;
        lists[count++] = l;
    }

    /** The last computed state vector; valid until a struct is added. */
    private ClockVector cachedVector;

    ClockVector clockVector() {
        if (cachedVector != null) return cachedVector;
        int[] k = new int[count];
        for (int i = 0; i < count; i++) k[i] = lists[i].state();
        // the vector shares the client array: clients are only ever appended after its size
        cachedVector = new ClockVector(ids, k, count);
        return cachedVector;
    }
    PendingStructs pendingStructs;
    byte[] pendingDs;

    static final class PendingStructs {
        final Map<Long, Integer> missing;
        byte[] update;

        PendingStructs(Map<Long, Integer> missing, byte[] update) {
            this.missing = missing;
            this.update = update;
        }
    }

    int getState(long client) {
        StructList l = list(client);
        return l == null ? 0 : l.state();
    }

    Map<Long, Integer> getStateVector() {
        Map<Long, Integer> sv = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) sv.put(ids[i], lists[i].state());
        return sv;
    }

    void addStruct(AbstractStruct s) {
        cachedVector = null;
        StructList l = list(s.client);
        if (l == null) {
            l = new StructList();
            putList(s.client, l);
        } else if (l.state() != s.clock) {
            throw new IllegalStateException("struct clock gap for client " + s.client);
        }
        l.add(s);
    }

    int findIndex(StructList l, int clock) {
        int i = l.findIndex(clock);
        if (i < 0) throw new IllegalStateException("no struct at clock " + clock);
        return i;
    }

    AbstractStruct find(ID id) {
        StructList l = list(id.client);
        if (l == null) throw new IllegalStateException("unknown client " + id.client);
        return l.get(findIndex(l, id.clock));
    }

    int findIndexCleanStart(Transaction tr, StructList l, int clock) {
        int index = findIndex(l, clock);
        AbstractStruct s = l.get(index);
        if (s.clock < clock && s instanceof Item) {
            l.insert(index + 1, ((Item) s).split(tr, clock - s.clock));
            return index + 1;
        }
        return index;
    }

    AbstractStruct getItemCleanStart(Transaction tr, ID id) {
        StructList l = list(id.client);
        return l.get(findIndexCleanStart(tr, l, id.clock));
    }

    AbstractStruct getItemCleanEnd(Transaction tr, ID id) {
        StructList l = list(id.client);
        int index = findIndex(l, id.clock);
        AbstractStruct s = l.get(index);
        if (id.clock != s.clock + s.length - 1 && !(s instanceof GC)) {
            l.insert(index + 1, ((Item) s).split(tr, id.clock - s.clock + 1));
        }
        return s;
    }

    void replaceStruct(AbstractStruct s, AbstractStruct n) {
        StructList l = list(s.client);
        l.set(findIndex(l, s.clock), n);
    }

    interface StructVisitor {
        void visit(AbstractStruct s);
    }

    void iterateStructs(Transaction tr, StructList l, int clockStart, int len, StructVisitor f) {
        if (len == 0) return;
        long clockEnd = (long) clockStart + len;
        int index = findIndexCleanStart(tr, l, clockStart);
        AbstractStruct s;
        do {
            s = l.get(index++);
            if (clockEnd < (long) s.clock + s.length) findIndexCleanStart(tr, l, (int) clockEnd);
            f.visit(s);
        } while (index < l.size && l.get(index).clock < clockEnd);
    }
}
