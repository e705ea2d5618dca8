package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import dev.aqueduct.crdt.lib0.Lib0Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and writing whole updates: structs per client followed by a delete set. */
final class UpdateCodec {
    private UpdateCodec() {}

    static void writeStructs(UpdateEncoder e, StructList structs, long client, int clock) {
        clock = Math.max(clock, structs.get(0).clock);
        int start = structs.findIndex(clock);
        e.restWriter().writeVarUint(structs.size - start);
        e.writeClient(client);
        e.restWriter().writeVarUint(clock);
        AbstractStruct first = structs.get(start);
        first.write(e, clock - first.clock);
        for (int i = start + 1; i < structs.size; i++) structs.get(i).write(e, 0);
    }

    static void writeClientsStructs(UpdateEncoder e, StructStore store, Map<Long, Integer> targetSv) {
        Map<Long, Integer> sm = new HashMap<>();
        for (Map.Entry<Long, Integer> en : targetSv.entrySet()) {
            if (store.getState(en.getKey()) > en.getValue()) sm.put(en.getKey(), en.getValue());
        }
        for (Long client : store.clients.keySet()) {
            if (!targetSv.containsKey(client)) sm.put(client, 0);
        }
        e.restWriter().writeVarUint(sm.size());
        List<Long> clients = new ArrayList<>(sm.keySet());
        clients.sort((a, b) -> Long.compare(b, a));
        for (Long client : clients) writeStructs(e, store.clients.get(client), client, sm.get(client));
    }

    /**
     * Writes the structs every client added after {@code before} (clients unknown to it from clock
     * 0), highest client first: the same bytes as {@link #writeClientsStructs} with that state
     * vector, without building maps.
     */
    static void writeClientsStructsSince(UpdateEncoder e, StructStore store, ClockVector before) {
        int n = store.clientCount();
        long[] clients = new long[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            long c = store.clientAt(i);
            if (store.listAt(i).state() > before.get(c)) clients[m++] = c;
        }
        e.restWriter().writeVarUint(m);
        if (m > 1) java.util.Arrays.sort(clients, 0, m);
        for (int i = m - 1; i >= 0; i--) writeStructs(e, store.list(clients[i]), clients[i], before.get(clients[i]));
    }

    /** Decoded structs of one client, consumed front to back during integration. */
    static final class ClientRefs {
        final StructList refs;
        int i;

        ClientRefs(StructList refs) { this.refs = refs; }

        boolean hasNext() { return i < refs.size; }

        AbstractStruct next() { return refs.a[i++]; }
    }

    /**
     * The decoded clients of an update in the order they were read. An update mostly carries one
     * or a few clients: they are found by a linear scan, a hash index is built for many.
     */
    static final class RefsByClient {
        private long[] clients = new long[2];
        private ClientRefs[] refs = new ClientRefs[2];
        private int size;
        private HashMap<Long, Integer> index;

        int size() { return size; }

        long clientAt(int i) { return clients[i]; }

        /** The refs at position i, or null once removed. */
        ClientRefs refsAt(int i) { return refs[i]; }

        private int indexOf(long client) {
            if (index != null) {
                Integer i = index.get(client);
                return i == null ? -1 : i;
            }
            for (int i = 0; i < size; i++) if (clients[i] == client) return i;
            return -1;
        }

        ClientRefs get(long client) {
            int i = indexOf(client);
            return i < 0 ? null : refs[i];
        }

        boolean contains(long client) { return indexOf(client) >= 0; }

        void add(long client, ClientRefs r) {
            if (size == clients.length) {
                clients = java.util.Arrays.copyOf(clients, size * 2);
                refs = java.util.Arrays.copyOf(refs, size * 2);
            }
            if (index == null && size >= 8) {
                index = new HashMap<>();
                for (int i = 0; i < size; i++) index.put(clients[i], i);
            }
            if (index != null) index.put(client, size);
            clients[size] = client;
            refs[size++] = r;
        }

        void remove(long client) {
            int i = indexOf(client);
            if (i >= 0) refs[i] = null;
        }

        boolean isEmpty() {
            for (int i = 0; i < size; i++) if (refs[i] != null) return false;
            return true;
        }
    }

    /**
     * Decodes the struct section completely before anything is applied, validating what can be
     * validated without the document (clock ranges, same-client references).
     */
    static RefsByClient readClientsStructRefs(UpdateDecoder d) {
        RefsByClient clientRefs = new RefsByClient();
        Lib0Reader rest = d.restReader();
        long numUpdates = rest.readVarUint();
        d.checkCount(numUpdates);
        long budget = d.totalRemaining();
        for (long u = 0; u < numUpdates; u++) {
            long n = rest.readVarUint();
            d.checkCount(n);
            budget -= n;
            if (budget < 0) throw new DecodingException("too many structs for the input size");
            long client = d.readClient();
            long clock = rest.readVarUint();
            StructList refs = new StructList((int) Math.min(n, 1024));
            if (clientRefs.contains(client)) throw new DecodingException("client listed twice in update");
            clientRefs.add(client, new ClientRefs(refs));
            for (long i = 0; i < n; i++) {
                if (clock > Integer.MAX_VALUE) throw new DecodingException("clock out of range");
                AbstractStruct s = readStruct(d, client, (int) clock);
                clock += s.length;
                refs.add(s);
            }
            if (clock > Integer.MAX_VALUE) throw new DecodingException("clock out of range");
        }
        return clientRefs;
    }

    /**
     * One struct. (The loops over all structs of an update run once per update; in a fresh JVM
     * they run interpreted until they have run very often, so their bodies are kept to calls of
     * methods like this one, which the JIT compiles after a few hundred calls.)
     */
    private static AbstractStruct readStruct(UpdateDecoder d, long client, int clock) {
        int info = d.readInfo();
        AbstractStruct s;
        switch (info & 0x1F) {
            case 0:
                s = new GC(client, clock, d.readLen());
                break;
            case 10:
                s = new Skip(client, clock, UpdateDecoder.toInt(d.restReader().readVarUint()));
                break;
            default: {
                boolean cantCopyParentInfo = (info & (0x80 | 0x40)) == 0;
                ID origin = (info & 0x80) != 0 ? d.readLeftId() : null;
                ID rightOrigin = (info & 0x40) != 0 ? d.readRightId() : null;
                Object parent = null;
                if (cantCopyParentInfo) parent = d.readParentInfo() ? d.readString() : d.readLeftId();
                String parentSub = cantCopyParentInfo && (info & 0x20) != 0 ? d.readString() : null;
                Content c = Content.read(d, info);
                Item item = new Item(client, clock, null, origin, null, rightOrigin, parent, parentSub, c);
                validateSameClientRef(item, origin);
                validateSameClientRef(item, rightOrigin);
                if (parent instanceof ID) validateSameClientRef(item, (ID) parent);
                s = item;
            }
        }
        if (s.length <= 0 && !(s instanceof Skip && s.length == 0)) throw new DecodingException("empty struct");
        return s;
    }

    private static void validateSameClientRef(Item item, ID ref) {
        if (ref != null && ref.client == item.client && ref.clock >= item.clock) {
            throw new DecodingException("struct refers to a later clock of its own client");
        }
    }

    static final class RestStructs {
        final Map<Long, Integer> missing;
        final byte[] update;

        RestStructs(Map<Long, Integer> missing, byte[] update) {
            this.missing = missing;
            this.update = update;
        }
    }

    static RestStructs integrateStructs(Transaction tr, StructStore store, RefsByClient clientsStructRefs) {
        if (clientsStructRefs.isEmpty()) return null;
        return new Integration(clientsStructRefs).run(tr, store);
    }

    /**
     * The state of one struct integration (Yjs' integrateStructs): the clients still to visit,
     * highest first, the stack of structs waiting for others, and what cannot be applied yet.
     * The collections for the rare cases are created when first needed.
     */
    private static final class Integration {
        final RefsByClient refs;
        long[] ids;
        int idCount;
        ArrayDeque<AbstractStruct> stack;
        ClientRefs cur;
        AbstractStruct head;
        Map<Long, StructList> restStructs;
        Map<Long, Integer> missingSv;

        Integration(RefsByClient refs) {
            this.refs = refs;
            ids = new long[refs.size()];
            for (int i = 0; i < refs.size(); i++) if (refs.refsAt(i) != null) ids[idCount++] = refs.clientAt(i);
            if (idCount > 1) java.util.Arrays.sort(ids);
        }

        RestStructs run(Transaction tr, StructStore store) {
            cur = nextTarget();
            if (cur == null) return null;
            head = cur.next();
            while (step(tr, store)) {
                // one struct per step (a small method the JIT compiles early)
            }
            if (restStructs != null && !restStructs.isEmpty()) {
                UpdateEncoderV2 enc = new UpdateEncoderV2();
                StructStore tmp = new StructStore();
                for (Map.Entry<Long, StructList> en : restStructs.entrySet()) tmp.putList(en.getKey(), en.getValue());
                writeClientsStructs(enc, tmp, new HashMap<>());
                enc.restWriter().writeVarUint(0);
                return new RestStructs(missingSv, enc.toByteArray());
            }
            return null;
        }

        /** Integrates the current struct or sets it aside, then moves on; false when none is left. */
        private boolean step(Transaction tr, StructStore store) {
            AbstractStruct h = head;
            if (!(h instanceof Skip)) {
                long hc = h.client;
                // Yjs caches these clocks in a map; the store answers as fast and always agrees
                int offset = store.getState(hc) - h.clock;
                if (offset < 0) {
                    push(h);
                    updateMissing(hc, h.clock - 1);
                    addStackToRest();
                } else {
                    long missing = h.getMissing(tr, store);
                    if (missing != -1) {
                        push(h);
                        ClientRefs sr = refs.get(missing);
                        if (sr == null || !sr.hasNext()) {
                            updateMissing(missing, store.getState(missing));
                            addStackToRest();
                        } else {
                            head = sr.next();
                            return true;
                        }
                    } else if (offset == 0 || offset < h.length) {
                        h.integrate(tr, offset);
                    }
                }
            }
            if (stack != null && !stack.isEmpty()) {
                head = stack.pop();
            } else if (cur != null && cur.hasNext()) {
                head = cur.next();
            } else {
                cur = nextTarget();
                if (cur == null) return false;
                head = cur.next();
            }
            return true;
        }

        private void push(AbstractStruct s) {
            if (stack == null) stack = new ArrayDeque<>();
            stack.push(s);
        }

        private ClientRefs nextTarget() {
            while (idCount > 0) {
                ClientRefs t = refs.get(ids[idCount - 1]);
                if (t != null && t.hasNext()) return t;
                idCount--;
            }
            return null;
        }

        private void updateMissing(long client, int clock) {
            if (missingSv == null) missingSv = new HashMap<>();
            Integer m = missingSv.get(client);
            if (m == null || m > clock) missingSv.put(client, clock);
        }

        private void addStackToRest() {
            if (restStructs == null) restStructs = new LinkedHashMap<>();
            // iterate in insertion order (bottom of the stack first), as Yjs does
            java.util.Iterator<AbstractStruct> it = stack.descendingIterator();
            while (it.hasNext()) {
                AbstractStruct item = it.next();
                long client = item.client;
                ClientRefs inapplicable = refs.get(client);
                StructList l = new StructList();
                if (inapplicable != null) {
                    inapplicable.i--;
                    for (int k = inapplicable.i; k < inapplicable.refs.size; k++) l.add(inapplicable.refs.get(k));
                    refs.remove(client);
                    inapplicable.i = 0;
                    inapplicable.refs.clear();
                } else {
                    l.add(item);
                }
                restStructs.put(client, l);
                removeId(client);
            }
            stack.clear();
        }

        private void removeId(long client) {
            int j = 0;
            for (int i = 0; i < idCount; i++) if (ids[i] != client) ids[j++] = ids[i];
            idCount = j;
        }
    }

    /** Applies a decoded delete set; returns the part that refers to unknown structs (as a V2 update) or null. */
    static byte[] applyDeleteSet(DeleteSet ds, Transaction tr, StructStore store) {
        DeleteSet unapplied = new DeleteSet();
        for (Map.Entry<Long, DeleteSet.Ranges> en : ds.clients.entrySet()) {
            long client = en.getKey();
            DeleteSet.Ranges r = en.getValue();
            StructList structs = store.list(client);
            int st = store.getState(client);
            for (int k = 0; k < r.size; k++) applyDeleteRange(tr, store, structs, client, st, r.clocks[k], r.lens[k], unapplied);
        }
        if (!unapplied.isEmpty()) {
            unapplied.sortAndMerge();
            UpdateEncoderV2 enc = new UpdateEncoderV2();
            enc.restWriter().writeVarUint(0);
            unapplied.write(enc);
            return enc.toByteArray();
        }
        return null;
    }

    /** Deletes the known part of one range; the part beyond the client's state goes to {@code unapplied}. */
    private static void applyDeleteRange(Transaction tr, StructStore store, StructList structs, long client, int st, int clock, int len,
                                         DeleteSet unapplied) {
        int clockEnd = clock + len;
        if (clock >= st) {
            unapplied.add(client, clock, len);
            return;
        }
        if (st < clockEnd) unapplied.add(client, st, clockEnd - st);
        int index = store.findIndex(structs, clock);
        AbstractStruct s = structs.get(index);
        if (!s.isDeleted() && s.clock < clock) {
            structs.insert(index + 1, ((Item) s).split(tr, clock - s.clock));
            index++;
        }
        while (index < structs.size) {
            s = structs.get(index++);
            if (s.clock >= clockEnd) break;
            if (!s.isDeleted()) {
                if (clockEnd < s.clock + s.length) structs.insert(index, ((Item) s).split(tr, clockEnd - s.clock));
                ((Item) s).delete(tr);
            }
        }
    }

    /** Decodes a whole update (structs and delete set) without touching any document. */
    static final class Decoded {
        final RefsByClient refs;
        final DeleteSet ds;

        Decoded(RefsByClient refs, DeleteSet ds) {
            this.refs = refs;
            this.ds = ds;
        }
    }

    static Decoded decode(byte[] update, boolean v2) {
        try {
            UpdateDecoder d = UpdateDecoder.create(update, v2);
            RefsByClient refs = readClientsStructRefs(d);
            DeleteSet ds = DeleteSet.read(d);
            return new Decoded(refs, ds);
        } catch (DecodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DecodingException("malformed update: " + e, e);
        }
    }

    static void applyDecoded(YDoc doc, Decoded dec, Object origin) {
        Transaction tr = doc.transaction;
        if (tr != null) {
            applyIn(doc, tr, dec, origin);
            return;
        }
        tr = doc.startTransaction(origin, false);
        try {
            applyIn(doc, tr, dec, origin);
        } finally {
            doc.endTransaction(tr);
        }
    }

    private static void applyIn(YDoc doc, Transaction tr, Decoded dec, Object origin) {
        StructStore store = doc.store;
        boolean retry = false;
        RestStructs rest = integrateStructs(tr, store, dec.refs);
        StructStore.PendingStructs pending = store.pendingStructs;
        if (pending != null) {
            for (Map.Entry<Long, Integer> m : pending.missing.entrySet()) {
                if (m.getValue() < store.getState(m.getKey())) {
                    retry = true;
                    break;
                }
            }
            if (rest != null) {
                for (Map.Entry<Long, Integer> m : rest.missing.entrySet()) {
                    Integer mc = pending.missing.get(m.getKey());
                    if (mc == null || mc > m.getValue()) pending.missing.put(m.getKey(), m.getValue());
                }
                pending.update = Updates.mergeV2(List.of(pending.update, rest.update));
            }
        } else if (rest != null) {
            store.pendingStructs = new StructStore.PendingStructs(rest.missing, rest.update);
        }
        byte[] dsRest = applyDeleteSet(dec.ds, tr, store);
        if (store.pendingDs != null) {
            UpdateDecoder pd = UpdateDecoder.create(store.pendingDs, true);
            pd.restReader().readVarUint();
            byte[] dsRest2 = applyDeleteSet(DeleteSet.read(pd), tr, store);
            if (dsRest != null && dsRest2 != null) {
                store.pendingDs = Updates.mergeV2(List.of(dsRest, dsRest2));
            } else {
                store.pendingDs = dsRest != null ? dsRest : dsRest2;
            }
        } else {
            store.pendingDs = dsRest;
        }
        if (retry) {
            byte[] u = store.pendingStructs.update;
            store.pendingStructs = null;
            applyDecoded(doc, decode(u, true), origin);
        }
    }

    static byte[] encodeStateAsUpdate(YDoc doc, byte[] encodedTargetSv, boolean v2) {
        Map<Long, Integer> target = decodeStateVector(encodedTargetSv == null ? new byte[] {0} : encodedTargetSv);
        UpdateEncoder e = UpdateEncoder.create(v2);
        writeClientsStructs(e, doc.store, target);
        DeleteSet.fromStructStore(doc.store).write(e);
        byte[] first = e.toByteArray();
        List<byte[]> updates = new ArrayList<>();
        updates.add(first);
        if (doc.store.pendingDs != null) updates.add(doc.store.pendingDs);
        if (doc.store.pendingStructs != null) {
            updates.add(Updates.diffV2(doc.store.pendingStructs.update, encodedTargetSv == null ? new byte[] {0} : encodedTargetSv));
        }
        if (updates.size() > 1) {
            if (!v2) {
                List<byte[]> v1 = new ArrayList<>();
                v1.add(first);
                for (int i = 1; i < updates.size(); i++) v1.add(Updates.v2ToV1(updates.get(i)));
                return Updates.merge(v1);
            }
            return Updates.mergeV2(updates);
        }
        return first;
    }

    static Map<Long, Integer> decodeStateVector(byte[] sv) {
        Lib0Reader r = new Lib0Reader(sv);
        Map<Long, Integer> m = new LinkedHashMap<>();
        long n = r.readVarUint();
        if (n > r.remaining()) throw new DecodingException("state vector length exceeds data");
        for (long i = 0; i < n; i++) {
            long client = r.readVarUint();
            m.put(client, UpdateDecoder.toInt(r.readVarUint()));
        }
        return m;
    }

    static byte[] encodeStateVector(Map<Long, Integer> sv) {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(sv.size());
        List<Long> keys = new ArrayList<>(sv.keySet());
        keys.sort((a, b) -> Long.compare(b, a));
        for (Long k : keys) {
            w.writeVarUint(k);
            w.writeVarUint(sv.get(k));
        }
        return w.toByteArray();
    }
}
