package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of a document at one point: a state vector plus a delete set. */
public final class Snapshot {
    final DeleteSet ds;
    final Map<Long, Integer> sv;

    Snapshot(DeleteSet ds, Map<Long, Integer> sv) {
        this.ds = ds;
        this.sv = sv;
    }

    /** Takes a snapshot of the document's current state. */
    public static Snapshot of(YDoc doc) {
        return new Snapshot(DeleteSet.fromStructStore(doc.store), doc.store.getStateVector());
    }

    public static Snapshot empty() { return new Snapshot(new DeleteSet(), new LinkedHashMap<>()); }

    public Map<Long, Integer> stateVector() { return java.util.Collections.unmodifiableMap(sv); }

    static boolean isVisible(Item item, Snapshot s) {
        if (s == null) return !item.isDeleted();
        Integer c = s.sv.get(item.client);
        return c != null && c > item.clock && !s.ds.isDeleted(item.id());
    }

    static void splitAffectedStructs(Transaction tr, Snapshot s) {
        @SuppressWarnings("unchecked")
        java.util.Set<Snapshot> done = (java.util.Set<Snapshot>) tr.meta().computeIfAbsent(Snapshot.class,
            k -> java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        if (done.contains(s)) return;
        StructStore store = tr.doc.store;
        for (Map.Entry<Long, Integer> e : s.sv.entrySet()) {
            if (e.getValue() < store.getState(e.getKey())) store.getItemCleanStart(tr, new ID(e.getKey(), e.getValue()));
        }
        for (Map.Entry<Long, DeleteSet.Ranges> e : s.ds.clients.entrySet()) {
            StructList l = store.clients.get(e.getKey());
            if (l == null) continue;
            int state = l.state();
            DeleteSet.Ranges r = e.getValue();
            for (int i = 0; i < r.size && r.clocks[i] < state; i++) store.iterateStructs(tr, l, r.clocks[i], r.lens[i], x -> {});
        }
        done.add(s);
    }

    public byte[] encode() { return encode(false); }

    public byte[] encodeV2() { return encode(true); }

    private byte[] encode(boolean v2) {
        UpdateEncoder e;
        if (v2) {
            UpdateEncoderV2 e2 = new UpdateEncoderV2();
            e2.dsOnly = true;
            e = e2;
        } else {
            e = new UpdateEncoderV1();
        }
        ds.write(e);
        byte[] svBytes = UpdateCodec.encodeStateVector(sv);
        e.restWriter().writeBytes(svBytes);
        return e.toByteArray();
    }

    public static Snapshot decode(byte[] buf) { return decode(buf, false); }

    public static Snapshot decodeV2(byte[] buf) { return decode(buf, true); }

    private static Snapshot decode(byte[] buf, boolean v2) {
        try {
            Lib0Reader r = new Lib0Reader(buf);
            UpdateDecoder d = v2 ? UpdateDecoderV2.dsOnly(r) : new UpdateDecoderV1(r);
            DeleteSet ds = DeleteSet.read(d);
            Map<Long, Integer> sv = new LinkedHashMap<>();
            long n = r.readVarUint();
            if (n > r.remaining()) throw new DecodingException("state vector length exceeds data");
            for (long i = 0; i < n; i++) {
                long client = r.readVarUint();
                sv.put(client, UpdateDecoder.toInt(r.readVarUint()));
            }
            return new Snapshot(ds, sv);
        } catch (DecodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DecodingException("malformed snapshot", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Snapshot)) return false;
        Snapshot s = (Snapshot) o;
        if (sv.size() != s.sv.size() || ds.clients.size() != s.ds.clients.size()) return false;
        for (Map.Entry<Long, Integer> e : sv.entrySet()) if (!e.getValue().equals(s.sv.get(e.getKey()))) return false;
        for (Map.Entry<Long, DeleteSet.Ranges> e : ds.clients.entrySet()) {
            DeleteSet.Ranges a = e.getValue(), b = s.ds.clients.get(e.getKey());
            int bs = b == null ? 0 : b.size;
            if (a.size != bs) return false;
            for (int i = 0; i < a.size; i++) if (a.clocks[i] != b.clocks[i] || a.lens[i] != b.lens[i]) return false;
        }
        return true;
    }

    @Override
    public int hashCode() { return sv.hashCode(); }

    /** Builds a new document holding the state of {@code origin} at this snapshot (origin needs gc off). */
    public YDoc toDoc(YDoc origin, YDoc newDoc) {
        if (origin.gc) throw new IllegalStateException("Garbage-collection must be disabled in `originDoc`!");
        UpdateEncoderV2 enc = new UpdateEncoderV2();
        origin.transact(null, true, tr -> {
            int size = 0;
            for (int c : sv.values()) if (c > 0) size++;
            enc.restWriter().writeVarUint(size);
            for (Map.Entry<Long, Integer> e : sv.entrySet()) {
                long client = e.getKey();
                int clock = e.getValue();
                if (clock == 0) continue;
                if (clock < origin.store.getState(client)) origin.store.getItemCleanStart(tr, new ID(client, clock));
                StructList structs = origin.store.clients.get(client);
                int last = structs == null ? -1 : origin.store.findIndex(structs, clock - 1);
                enc.restWriter().writeVarUint(last + 1);
                enc.writeClient(client);
                enc.restWriter().writeVarUint(0);
                for (int i = 0; i <= last; i++) structs.get(i).write(enc, 0);
            }
            ds.write(enc);
        });
        newDoc.applyUpdateV2(enc.toByteArray(), "snapshot");
        return newDoc;
    }

    public YDoc toDoc(YDoc origin) { return toDoc(origin, new YDoc()); }

    /** Whether everything in a (V1) update is contained in this snapshot. */
    public boolean containsUpdate(byte[] update) { return containsUpdate(update, false); }

    public boolean containsUpdateV2(byte[] update) { return containsUpdate(update, true); }

    private boolean containsUpdate(byte[] update, boolean v2) {
        UpdateDecoder d = UpdateDecoder.create(update, v2);
        for (AbstractStruct s : Updates.readAllStructs(d)) {
            Integer c = sv.get(s.client);
            if ((c == null ? 0 : c) < s.clock + s.length) return false;
        }
        List<DeleteSet> l = new ArrayList<>();
        l.add(ds);
        l.add(DeleteSet.read(d));
        DeleteSet merged = DeleteSet.merge(l);
        return new Snapshot(ds, sv).equals(new Snapshot(merged, sv));
    }
}
