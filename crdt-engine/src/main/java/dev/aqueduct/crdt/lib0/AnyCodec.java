package dev.aqueduct.crdt.lib0;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * lib0 "any" encoding. Java mapping: null, {@link Undefined}, Boolean, Integer/Long/Double (numbers),
 * BigInteger (bigint), String, byte[] (Uint8Array), List (array), Map&lt;String,?&gt; (object).
 */
public final class AnyCodec {
    private static final int MAX_DEPTH = 512;

    private AnyCodec() {}

    public static void write(Lib0Writer w, Object data) {
        if (data == null) {
            w.writeByte(126);
        } else if (data instanceof String) {
            w.writeByte(119);
            w.writeVarString((String) data);
        } else if (data instanceof Boolean) {
            w.writeByte((Boolean) data ? 120 : 121);
        } else if (data instanceof BigInteger) {
            w.writeByte(122);
            w.writeInt64(((BigInteger) data).longValue());
        } else if (data instanceof Number) {
            writeNumber(w, (Number) data);
        } else if (data instanceof byte[]) {
            w.writeByte(116);
            w.writeVarBytes((byte[]) data);
        } else if (data instanceof List || data instanceof Object[] || data instanceof Collection) {
            List<?> l = asList(data);
            w.writeByte(117);
            w.writeVarUint(l.size());
            for (Object o : l) write(w, o);
        } else if (data instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) data;
            w.writeByte(118);
            List<String> keys = JsValues.keyOrder(m);
            w.writeVarUint(keys.size());
            for (String k : keys) {
                w.writeVarString(k);
                write(w, m.get(k));
            }
        } else {
            w.writeByte(127);
        }
    }

    static List<?> asList(Object data) {
        if (data instanceof List) return (List<?>) data;
        if (data instanceof Object[]) return java.util.Arrays.asList((Object[]) data);
        return new ArrayList<>((Collection<?>) data);
    }

    public static void writeNumber(Lib0Writer w, Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            long v = n.longValue();
            if (Math.abs(v) <= 0x7FFFFFFFL) {
                w.writeByte(125);
                w.writeVarInt(v);
                return;
            }
        }
        double d = n.doubleValue();
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) <= 0x7FFFFFFFL) {
            w.writeByte(125);
            boolean negZero = d == 0 && 1 / d < 0;
            if (negZero) w.writeVarIntSigned(0, true);
            else w.writeVarInt((long) d);
        } else if (!Double.isNaN(d) && (double) (float) d == d) {
            w.writeByte(124);
            w.writeFloat32((float) d);
        } else {
            w.writeByte(123);
            w.writeFloat64(d);
        }
    }

    public static Object read(Lib0Reader r) { return read(r, 0); }

    private static Object read(Lib0Reader r, int depth) {
        if (depth > MAX_DEPTH) throw new DecodingException("value nested too deeply");
        int t = r.readUint8();
        switch (t) {
            case 127: return Undefined.INSTANCE;
            case 126: return null;
            case 125: {
                long v = r.readVarIntRaw();
                if (v == 0 && r.lastVarIntNegative()) return -0.0d;
                if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return (int) v;
                return v;
            }
            case 124: return (double) r.readFloat32();
            case 123: return r.readFloat64();
            case 122: return BigInteger.valueOf(r.readInt64());
            case 121: return Boolean.FALSE;
            case 120: return Boolean.TRUE;
            case 119: return r.readVarString();
            case 118: {
                long len = r.readVarUint();
                // every entry takes at least two bytes: a key length and a type tag
                if (len > r.remaining() / 2) throw new DecodingException("object length exceeds data");
                Map<String, Object> m = new LinkedHashMap<>();
                for (long i = 0; i < len; i++) {
                    String k = r.readVarString();
                    m.put(k, read(r, depth + 1));
                }
                return m;
            }
            case 117: {
                long len = r.readVarUint();
                if (len > r.remaining()) throw new DecodingException("array length exceeds data");
                List<Object> l = new ArrayList<>((int) len);
                for (long i = 0; i < len; i++) l.add(read(r, depth + 1));
                return l;
            }
            case 116: return r.readVarBytes();
            default: throw new DecodingException("unknown any type " + t);
        }
    }
}
