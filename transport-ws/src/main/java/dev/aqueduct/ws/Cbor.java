package dev.aqueduct.ws;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * CBOR (RFC 8949) for the data model JSON can express: maps with text keys, arrays, text, integers, floats,
 * booleans and null. Decoding is strict: every length is checked against what remains, nesting is bounded, and
 * CBOR values JSON cannot express (byte strings, tags, undefined, simple values, non-text keys, indefinite
 * lengths) are refused with a {@link CborException}.
 */
final class Cbor {

    static final int MAX_DEPTH = 64;
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Refused CBOR input; the message says what was wrong. */
    static final class CborException extends IllegalArgumentException {
        CborException(String message) {
            super(message);
        }
    }

    private Cbor() {
    }

    static JsonValue decode(byte[] data) {
        return read(data, false).value();
    }

    /**
     * A decoded message, where well-formed CBOR values that JSON cannot express were read as {@code null} and
     * {@code unsupported} says what the first of them was ({@code null} when there was none).
     */
    record Lenient(JsonValue value, String unsupported) {
    }

    /** Decodes well-formed CBOR, reading values JSON cannot express as null (and saying so) instead of refusing. */
    static Lenient decodeLenient(byte[] data) {
        return read(data, true);
    }

    private static Lenient read(byte[] data, boolean lenient) {
        Reader r = new Reader(data, lenient);
        JsonValue v = r.value(0);
        if (r.pos != data.length) {
            throw new CborException("trailing bytes after the first CBOR item");
        }
        return new Lenient(v, r.unsupported);
    }

    static byte[] encode(JsonValue v) {
        Writer w = new Writer(64);
        w.value(v);
        return w.toByteArray();
    }

    /** Writes CBOR items; {@link #value} writes any JSON value. */
    static final class Writer {
        private final ByteArrayOutputStream out;

        Writer(int size) {
            out = new ByteArrayOutputStream(size);
        }

        Writer head(int major, long n) {
            int m = major << 5;
            if (n < 24) {
                out.write(m | (int) n);
            } else if (n < 0x100) {
                out.write(m | 24);
                out.write((int) n);
            } else if (n < 0x10000) {
                out.write(m | 25);
                out.write((int) (n >> 8));
                out.write((int) n);
            } else if (n < 0x100000000L) {
                out.write(m | 26);
                for (int s = 24; s >= 0; s -= 8) {
                    out.write((int) (n >> s));
                }
            } else {
                out.write(m | 27);
                for (int s = 56; s >= 0; s -= 8) {
                    out.write((int) (n >> s));
                }
            }
            return this;
        }

        Writer map(int entries) {
            return head(5, entries);
        }

        Writer array(int items) {
            return head(4, items);
        }

        Writer text(String s) {
            if (s == null) {
                out.write(0xf6);
                return this;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            head(3, b.length);
            out.write(b, 0, b.length);
            return this;
        }

        Writer integer(long n) {
            return n >= 0 ? head(0, n) : head(1, -1 - n);
        }

        Writer bool(boolean b) {
            out.write(b ? 0xf5 : 0xf4);
            return this;
        }

        Writer raw(byte[] encoded) {
            out.write(encoded, 0, encoded.length);
            return this;
        }

        Writer number(JsonNumber n) {
            BigDecimal d = n.bigDecimalValue();
            if (n.isIntegral()) {
                try {
                    return integer(d.longValueExact());
                } catch (ArithmeticException tooLarge) {
                    // beyond 64 bits: sent as a double, as JavaScript would read it anyway
                }
            }
            out.write(0xfb);
            long bits = Double.doubleToLongBits(d.doubleValue());
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (bits >> s));
            }
            return this;
        }

        Writer value(JsonValue v) {
            switch (v.getValueType()) {
                case NULL -> out.write(0xf6);
                case TRUE -> out.write(0xf5);
                case FALSE -> out.write(0xf4);
                case STRING -> text(((JsonString) v).getString());
                case NUMBER -> number((JsonNumber) v);
                case ARRAY -> {
                    JsonArray a = v.asJsonArray();
                    array(a.size());
                    for (JsonValue item : a) {
                        value(item);
                    }
                }
                case OBJECT -> {
                    JsonObject o = v.asJsonObject();
                    map(o.size());
                    for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                        text(e.getKey());
                        value(e.getValue());
                    }
                }
            }
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    private static final class Reader {
        private final byte[] data;
        private final boolean lenient;
        private int pos;
        private String unsupported;

        Reader(byte[] data, boolean lenient) {
            this.data = data;
            this.lenient = lenient;
        }

        /** A value JSON cannot express: refused, or read as null when lenient. */
        private JsonValue unsupported(String message) {
            if (!lenient) {
                throw new CborException(message);
            }
            if (unsupported == null) {
                unsupported = message;
            }
            return JsonValue.NULL;
        }

        private int u8() {
            if (pos >= data.length) {
                throw new CborException("truncated CBOR item");
            }
            return data[pos++] & 0xff;
        }

        private long argument(int info) {
            return switch (info) {
                case 24 -> u8();
                case 25 -> ((long) u8() << 8) | u8();
                case 26 -> ((long) u8() << 24) | ((long) u8() << 16) | ((long) u8() << 8) | u8();
                case 27 -> {
                    long n = 0;
                    for (int i = 0; i < 8; i++) {
                        n = (n << 8) | u8();
                    }
                    yield n;
                }
                default -> {
                    if (info < 24) {
                        yield info;
                    }
                    throw new CborException(info == 31 ? "indefinite-length CBOR items are not accepted"
                            : "reserved CBOR additional information " + info);
                }
            };
        }

        /** A length that must fit in what remains, each element taking at least {@code minBytes}. */
        private int length(long n, int minBytes) {
            if (n < 0 || n > (long) (data.length - pos) / minBytes) {
                throw new CborException("CBOR length " + Long.toUnsignedString(n) + " exceeds the message");
            }
            return (int) n;
        }

        JsonValue value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new CborException("CBOR nested deeper than " + MAX_DEPTH);
            }
            int ib = u8();
            int major = ib >>> 5;
            int info = ib & 0x1f;
            switch (major) {
                case 0 -> {
                    long n = argument(info);
                    return n >= 0 ? JSON.createValue(n) : JSON.createValue(new BigInteger(Long.toUnsignedString(n)));
                }
                case 1 -> {
                    long n = argument(info);
                    return n >= 0 ? JSON.createValue(-1 - n)
                            : JSON.createValue(new BigInteger(Long.toUnsignedString(n)).negate().subtract(BigInteger.ONE));
                }
                case 2 -> {
                    pos += length(argument(info), 1);
                    return unsupported("CBOR byte strings cannot be expressed in JSON");
                }
                case 3 -> {
                    int n = length(argument(info), 1);
                    String s = utf8(n);
                    return JSON.createValue(s);
                }
                case 4 -> {
                    int n = length(argument(info), 1);
                    JsonArrayBuilder a = JSON.createArrayBuilder();
                    for (int i = 0; i < n; i++) {
                        a.add(value(depth + 1));
                    }
                    return a.build();
                }
                case 5 -> {
                    int n = length(argument(info), 2);
                    JsonObjectBuilder o = JSON.createObjectBuilder();
                    for (int i = 0; i < n; i++) {
                        if ((peek() >>> 5) != 3) {
                            throw new CborException("CBOR map keys must be text");
                        }
                        String key = ((JsonString) value(depth + 1)).getString();
                        o.add(key, value(depth + 1));
                    }
                    return o.build();
                }
                case 6 -> {
                    argument(info);
                    value(depth + 1);
                    return unsupported("CBOR tags are not accepted");
                }
                default -> {
                    return simple(info);
                }
            }
        }

        private int peek() {
            if (pos >= data.length) {
                throw new CborException("truncated CBOR item");
            }
            return data[pos] & 0xff;
        }

        private JsonValue simple(int info) {
            switch (info) {
                case 20:
                    return JsonValue.FALSE;
                case 21:
                    return JsonValue.TRUE;
                case 22:
                    return JsonValue.NULL;
                case 25:
                    return number(halfToDouble((int) argument(25)));
                case 26:
                    return number(Float.intBitsToFloat((int) argument(26)));
                case 27:
                    return number(Double.longBitsToDouble(argument(27)));
                case 24:
                    return unsupported("CBOR simple value " + u8() + " cannot be expressed in JSON");
                case 23:
                    return unsupported("CBOR undefined cannot be expressed in JSON");
                default:
                    if (info < 20) {
                        return unsupported("CBOR simple value " + info + " cannot be expressed in JSON");
                    }
                    throw new CborException("reserved CBOR additional information " + info);
            }
        }

        private JsonValue number(double d) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return unsupported("NaN and infinity cannot be expressed in JSON");
            }
            return JSON.createValue(d);
        }

        private String utf8(int n) {
            try {
                String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data, pos, n))
                        .toString();
                pos += n;
                return s;
            } catch (CharacterCodingException e) {
                throw new CborException("CBOR text is not valid UTF-8");
            }
        }
    }

    static double halfToDouble(int h) {
        int exp = (h >> 10) & 0x1f;
        int mant = h & 0x3ff;
        double v;
        if (exp == 0) {
            v = mant * Math.pow(2, -24);
        } else if (exp != 31) {
            v = (mant + 1024) * Math.pow(2, exp - 25);
        } else {
            v = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        return (h & 0x8000) != 0 ? -v : v;
    }
}
