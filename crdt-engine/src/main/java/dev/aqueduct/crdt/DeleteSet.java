package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deleted clock ranges per client. */
final class DeleteSet {
    /** Per client: pairs (clock, len) packed into a growable int array. */
    Map<Long, Ranges> clients = java.util.Collections.emptyMap();

    /** The client map for writing (empty delete sets share an immutable empty map). */
    private Map<Long, Ranges> mut() {
        if (clients.isEmpty() && !(clients instanceof LinkedHashMap)) clients = new LinkedHashMap<>();
        return clients;
    }

    void put(long client, Ranges r) { mut().put(client, r); }

    static final class Ranges {
        int[] clocks = new int[4];
        int[] lens = new int[4];
        int size;

        void add(int clock, int len) {
            if (size == clocks.length) {
                clocks = Arrays.copyOf(clocks, size * 2);
                lens = Arrays.copyOf(lens, size * 2);
            }
            clocks[size] = clock;
            lens[size] = len;
            size++;
        }

        void sortAndMerge() {
            if (size > 1) {
                boolean sorted = true;
                for (int i = 1; i < size; i++) if (clocks[i - 1] > clocks[i]) { sorted = false; break; }
                if (!sorted) {
                    long[] packed = new long[size];
                    for (int i = 0; i < size; i++) packed[i] = ((long) clocks[i] << 32) | (lens[i] & 0xFFFFFFFFL);
                    Arrays.sort(packed);
                    for (int i = 0; i < size; i++) {
                        clocks[i] = (int) (packed[i] >>> 32);
                        lens[i] = (int) packed[i];
                    }
                }
            }
            int j = 1;
            for (int i = 1; i < size; i++) {
                long lEnd = (long) clocks[j - 1] + lens[j - 1];
                if (lEnd >= clocks[i]) {
                    lens[j - 1] = (int) Math.max(lens[j - 1], (long) clocks[i] + lens[i] - clocks[j - 1]);
                } else {
                    clocks[j] = clocks[i];
                    lens[j] = lens[i];
                    j++;
                }
            }
            if (size > 0) size = j;
        }

        boolean contains(int clock) {
            int left = 0, right = size - 1;
            while (left <= right) {
                int mid = (left + right) >>> 1;
                if (clocks[mid] <= clock) {
                    if (clock < clocks[mid] + lens[mid]) return true;
                    left = mid + 1;
                } else {
                    right = mid - 1;
                }
            }
            return false;
        }
    }

    void add(long client, int clock, int len) {
        Ranges r = clients.get(client);
        if (r == null) {
            r = new Ranges();
            mut().put(client, r);
        }
        r.add(clock, len);
    }

    boolean isDeleted(ID id) {
        Ranges r = clients.get(id.client);
        return r != null && r.contains(id.clock);
    }

    void sortAndMerge() {
        for (Ranges r : clients.values()) r.sortAndMerge();
    }

    static DeleteSet merge(List<DeleteSet> dss) {
        DeleteSet merged = new DeleteSet();
        for (int d = 0; d < dss.size(); d++) {
            for (Map.Entry<Long, Ranges> e : dss.get(d).clients.entrySet()) {
                if (merged.clients.containsKey(e.getKey())) continue;
                Ranges r = new Ranges();
                for (int k = d; k < dss.size(); k++) {
                    Ranges o = dss.get(k).clients.get(e.getKey());
                    if (o != null) for (int i = 0; i < o.size; i++) r.add(o.clocks[i], o.lens[i]);
                }
                merged.put(e.getKey(), r);
            }
        }
        merged.sortAndMerge();
        return merged;
    }

    static DeleteSet fromStructStore(StructStore ss) {
        DeleteSet ds = new DeleteSet();
        for (Map.Entry<Long, StructList> e : ss.clients.entrySet()) {
            StructList l = e.getValue();
            Ranges r = null;
            for (int i = 0; i < l.size; i++) {
                AbstractStruct s = l.get(i);
                if (s.isDeleted()) {
                    int clock = s.clock;
                    long len = s.length;
                    while (i + 1 < l.size && l.get(i + 1).isDeleted()) {
                        len += l.get(++i).length;
                    }
                    if (r == null) r = new Ranges();
                    r.add(clock, (int) len);
                }
            }
            if (r != null) ds.put(e.getKey(), r);
        }
        return ds;
    }

    void write(UpdateEncoder e) {
        int n = clients.size();
        e.restWriter().writeVarUint(n);
        if (n == 0) return;
        if (n == 1) {
            Map.Entry<Long, Ranges> only = clients.entrySet().iterator().next();
            writeClient(e, only.getKey(), only.getValue());
            return;
        }
        List<Long> keys = new ArrayList<>(clients.keySet());
        keys.sort((a, b) -> Long.compare(b, a));
        for (Long client : keys) writeClient(e, client, clients.get(client));
    }

    private static void writeClient(UpdateEncoder e, long client, Ranges r) {
        e.resetDsCurVal();
        e.restWriter().writeVarUint(client);
        e.restWriter().writeVarUint(r.size);
        for (int i = 0; i < r.size; i++) {
            e.writeDsClock(r.clocks[i]);
            e.writeDsLen(r.lens[i]);
        }
    }

    static DeleteSet read(UpdateDecoder d) {
        DeleteSet ds = new DeleteSet();
        long numClients = d.restReader().readVarUint();
        d.checkCount(numClients);
        for (long i = 0; i < numClients; i++) {
            d.resetDsCurVal();
            long client = d.restReader().readVarUint();
            long n = d.restReader().readVarUint();
            d.checkCount(n);
            if (n > 0) {
                Ranges r = ds.clients.get(client);
                if (r == null) {
                    r = new Ranges();
                    ds.put(client, r);
                }
                for (long k = 0; k < n; k++) {
                    long clock = d.readDsClock();
                    long len = d.readDsLen();
                    if (clock + len > Integer.MAX_VALUE || len <= 0 && !d.isV1()) {
                        throw new dev.aqueduct.crdt.lib0.DecodingException("delete range out of bounds");
                    }
                    r.add((int) clock, (int) len);
                }
                // Yjs always writes sorted, disjoint ranges; normalise anything else so that
                // re-encoding (V2 writes clock differences) stays well-formed.
                boolean ok = true;
                for (int k = 1; k < r.size && ok; k++) ok = (long) r.clocks[k - 1] + r.lens[k - 1] < r.clocks[k];
                if (!ok) r.sortAndMerge();
            }
        }
        return ds;
    }

    boolean isEmpty() { return clients.isEmpty(); }
}
