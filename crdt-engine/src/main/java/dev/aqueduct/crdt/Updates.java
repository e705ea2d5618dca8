package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Lib0Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Operations on encoded updates that need no document: merge, diff, state vectors, format conversion. */
public final class Updates {
    private Updates() {}

    /** The first and last clock per client that an update covers. */
    public static final class Meta {
        public final Map<Long, Integer> from;
        public final Map<Long, Integer> to;

        Meta(Map<Long, Integer> from, Map<Long, Integer> to) {
            this.from = from;
            this.to = to;
        }
    }

    static List<AbstractStruct> readAllStructs(UpdateDecoder d) {
        List<AbstractStruct> out = new ArrayList<>();
        UpdateCodec.RefsByClient all = UpdateCodec.readClientsStructRefs(d);
        for (int i = 0; i < all.size(); i++) {
            StructList l = all.refsAt(i).refs;
            for (int k = 0; k < l.size; k++) out.add(l.get(k));
        }
        return out;
    }

    private static final class Reader {
        final UpdateDecoder decoder;
        final List<AbstractStruct> structs;
        final boolean filterSkips;
        int i = -1;
        AbstractStruct curr;

        Reader(UpdateDecoder d, boolean filterSkips) {
            this.decoder = d;
            this.structs = readAllStructs(d);
            this.filterSkips = filterSkips;
            next();
        }

        AbstractStruct next() {
            do {
                i++;
                curr = i < structs.size() ? structs.get(i) : null;
            } while (filterSkips && curr instanceof Skip);
            return curr;
        }
    }

    private static final class Writer {
        final UpdateEncoder encoder;
        long currClient;
        int written;
        final List<Object[]> clientStructs = new ArrayList<>();

        Writer(UpdateEncoder e) { this.encoder = e; }

        void flush() {
            if (written > 0) {
                clientStructs.add(new Object[] {written, encoder.restWriter().toByteArray()});
                encoder.resetRest(new Lib0Writer());
                written = 0;
            }
        }

        void write(AbstractStruct s, int offset) {
            if (written > 0 && currClient != s.client) flush();
            if (written == 0) {
                currClient = s.client;
                encoder.writeClient(s.client);
                encoder.restWriter().writeVarUint((long) s.clock + offset);
            }
            s.write(encoder, offset);
            written++;
        }

        void finish() {
            flush();
            Lib0Writer rest = encoder.restWriter();
            rest.writeVarUint(clientStructs.size());
            for (Object[] cs : clientStructs) {
                rest.writeVarUint((Integer) cs[0]);
                rest.writeBytes((byte[]) cs[1]);
            }
        }
    }

    private static UpdateDecoder decoder(byte[] u, boolean v2) {
        try {
            return UpdateDecoder.create(u, v2);
        } catch (DecodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DecodingException("malformed update", e);
        }
    }

    public static byte[] merge(List<byte[]> updates) { return merge(updates, false); }

    public static byte[] mergeV2(List<byte[]> updates) { return merge(updates, true); }

    private static AbstractStruct slice(AbstractStruct left, int diff) {
        if (left instanceof GC) return new GC(left.client, left.clock + diff, left.length - diff);
        if (left instanceof Skip) return new Skip(left.client, left.clock + diff, left.length - diff);
        Item l = (Item) left;
        return new Item(l.client, l.clock + diff, null, new ID(l.client, l.clock + diff - 1), null, l.rightOrigin, l.parent, l.parentSub, l.content.splice(diff));
    }

    private static byte[] merge(List<byte[]> updates, boolean v2) {
        if (updates.size() == 1) return updates.get(0);
        try {
            List<UpdateDecoder> decoders = new ArrayList<>();
            List<Reader> readers = new ArrayList<>();
            for (byte[] u : updates) {
                UpdateDecoder d = decoder(u, v2);
                decoders.add(d);
                readers.add(new Reader(d, true));
            }
            UpdateEncoder enc = UpdateEncoder.create(v2);
            Writer w = new Writer(enc);
            AbstractStruct cw = null;
            while (true) {
                readers.removeIf(r -> r.curr == null);
                readers.sort((d1, d2) -> {
                    if (d1.curr.client == d2.curr.client) {
                        int diff = d1.curr.clock - d2.curr.clock;
                        if (diff == 0) {
                            return d1.curr.getClass() == d2.curr.getClass() ? 0 : d1.curr instanceof Skip ? 1 : -1;
                        }
                        return diff;
                    }
                    return Long.compare(d2.curr.client, d1.curr.client);
                });
                if (readers.isEmpty()) break;
                Reader cd = readers.get(0);
                long firstClient = cd.curr.client;
                if (cw != null) {
                    AbstractStruct curr = cd.curr;
                    boolean iterated = false;
                    while (curr != null && (long) curr.clock + curr.length <= (long) cw.clock + cw.length && curr.client >= cw.client) {
                        curr = cd.next();
                        iterated = true;
                    }
                    if (curr == null || curr.client != firstClient || (iterated && curr.clock > cw.clock + cw.length)) continue;
                    if (firstClient != cw.client) {
                        w.write(cw, 0);
                        cw = curr;
                        cd.next();
                    } else if (cw.clock + cw.length < curr.clock) {
                        if (cw instanceof Skip) {
                            cw.length = curr.clock + curr.length - cw.clock;
                        } else {
                            w.write(cw, 0);
                            int diff = curr.clock - cw.clock - cw.length;
                            cw = new Skip(firstClient, cw.clock + cw.length, diff);
                        }
                    } else {
                        int diff = cw.clock + cw.length - curr.clock;
                        if (diff > 0) {
                            if (cw instanceof Skip) cw.length -= diff;
                            else curr = slice(curr, diff);
                        }
                        if (!cw.mergeWith(curr)) {
                            w.write(cw, 0);
                            cw = curr;
                            cd.next();
                        }
                    }
                } else {
                    cw = cd.curr;
                    cd.next();
                }
                for (AbstractStruct next = cd.curr;
                     next != null && next.client == firstClient && next.clock == cw.clock + cw.length && !(next instanceof Skip);
                     next = cd.next()) {
                    w.write(cw, 0);
                    cw = next;
                }
            }
            if (cw != null) w.write(cw, 0);
            w.finish();
            List<DeleteSet> dss = new ArrayList<>();
            for (UpdateDecoder d : decoders) dss.add(DeleteSet.read(d));
            DeleteSet.merge(dss).write(enc);
            return enc.toByteArray();
        } catch (DecodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DecodingException("malformed update: " + e, e);
        }
    }

    public static byte[] diff(byte[] update, byte[] stateVector) { return diff(update, stateVector, false); }

    public static byte[] diffV2(byte[] update, byte[] stateVector) { return diff(update, stateVector, true); }

    private static byte[] diff(byte[] update, byte[] sv, boolean v2) {
        Map<Long, Integer> state = UpdateCodec.decodeStateVector(sv);
        UpdateEncoder enc = UpdateEncoder.create(v2);
        Writer w = new Writer(enc);
        UpdateDecoder d = decoder(update, v2);
        Reader r = new Reader(d, false);
        while (r.curr != null) {
            AbstractStruct curr = r.curr;
            long client = curr.client;
            int svClock = state.getOrDefault(client, 0);
            if (curr instanceof Skip) {
                r.next();
                continue;
            }
            if (curr.clock + curr.length > svClock) {
                w.write(curr, Math.max(svClock - curr.clock, 0));
                r.next();
                while (r.curr != null && r.curr.client == client) {
                    w.write(r.curr, 0);
                    r.next();
                }
            } else {
                while (r.curr != null && r.curr.client == client && r.curr.clock + r.curr.length <= svClock) r.next();
            }
        }
        w.finish();
        DeleteSet.read(d).write(enc);
        return enc.toByteArray();
    }

    public static byte[] stateVectorFromUpdate(byte[] update) { return stateVectorFromUpdate(update, false); }

    public static byte[] stateVectorFromUpdateV2(byte[] update) { return stateVectorFromUpdate(update, true); }

    private static byte[] stateVectorFromUpdate(byte[] update, boolean v2) {
        Reader r = new Reader(decoder(update, v2), false);
        Lib0Writer body = new Lib0Writer();
        int size = 0;
        AbstractStruct curr = r.curr;
        if (curr != null) {
            long currClient = curr.client;
            boolean stopCounting = curr.clock != 0;
            int currClock = stopCounting ? 0 : curr.clock + curr.length;
            for (; curr != null; curr = r.next()) {
                if (currClient != curr.client) {
                    if (currClock != 0) {
                        size++;
                        body.writeVarUint(currClient);
                        body.writeVarUint(currClock);
                    }
                    currClient = curr.client;
                    currClock = 0;
                    stopCounting = curr.clock != 0;
                }
                if (curr instanceof Skip) stopCounting = true;
                if (!stopCounting) currClock = curr.clock + curr.length;
            }
            if (currClock != 0) {
                size++;
                body.writeVarUint(currClient);
                body.writeVarUint(currClock);
            }
        }
        Lib0Writer out = new Lib0Writer();
        out.writeVarUint(size);
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    public static Meta parseUpdateMeta(byte[] update) { return parseUpdateMeta(update, false); }

    public static Meta parseUpdateMetaV2(byte[] update) { return parseUpdateMeta(update, true); }

    private static Meta parseUpdateMeta(byte[] update, boolean v2) {
        Map<Long, Integer> from = new LinkedHashMap<>(), to = new LinkedHashMap<>();
        Reader r = new Reader(decoder(update, v2), false);
        AbstractStruct curr = r.curr;
        if (curr != null) {
            long currClient = curr.client;
            int currClock = curr.clock;
            from.put(currClient, currClock);
            for (; curr != null; curr = r.next()) {
                if (currClient != curr.client) {
                    to.put(currClient, currClock);
                    from.put(curr.client, curr.clock);
                    currClient = curr.client;
                }
                currClock = curr.clock + curr.length;
            }
            to.put(currClient, currClock);
        }
        return new Meta(from, to);
    }

    public static byte[] v1ToV2(byte[] update) { return convert(update, false, true); }

    public static byte[] v2ToV1(byte[] update) { return convert(update, true, false); }

    private static byte[] convert(byte[] update, boolean fromV2, boolean toV2) {
        UpdateDecoder d = decoder(update, fromV2);
        Reader r = new Reader(d, false);
        UpdateEncoder enc = UpdateEncoder.create(toV2);
        Writer w = new Writer(enc);
        for (AbstractStruct c = r.curr; c != null; c = r.next()) w.write(c, 0);
        w.finish();
        DeleteSet.read(d).write(enc);
        return enc.toByteArray();
    }

    /** Encodes a state vector given as a map (client id to clock). */
    public static byte[] encodeStateVector(Map<Long, Integer> sv) { return UpdateCodec.encodeStateVector(sv); }

    public static Map<Long, Integer> decodeStateVector(byte[] sv) { return UpdateCodec.decodeStateVector(sv); }
}
