package dev.aqueduct.crdt;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** All structs of a document, per client. */
final class StructStore {
    final Map<Long, StructList> clients = new HashMap<>();
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
        StructList l = clients.get(client);
        return l == null ? 0 : l.state();
    }

    Map<Long, Integer> getStateVector() {
        Map<Long, Integer> sv = new LinkedHashMap<>();
        for (Map.Entry<Long, StructList> e : clients.entrySet()) sv.put(e.getKey(), e.getValue().state());
        return sv;
    }

    void addStruct(AbstractStruct s) {
        StructList l = clients.get(s.client);
        if (l == null) {
            l = new StructList();
            clients.put(s.client, l);
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
        StructList l = clients.get(id.client);
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
        StructList l = clients.get(id.client);
        return l.get(findIndexCleanStart(tr, l, id.clock));
    }

    AbstractStruct getItemCleanEnd(Transaction tr, ID id) {
        StructList l = clients.get(id.client);
        int index = findIndex(l, id.clock);
        AbstractStruct s = l.get(index);
        if (id.clock != s.clock + s.length - 1 && !(s instanceof GC)) {
            l.insert(index + 1, ((Item) s).split(tr, id.clock - s.clock + 1));
        }
        return s;
    }

    void replaceStruct(AbstractStruct s, AbstractStruct n) {
        StructList l = clients.get(s.client);
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
