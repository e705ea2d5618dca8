package dev.aqueduct.crdt.lib0;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON text with the output rules of JavaScript's {@code JSON.stringify} (number format, key order). */
public final class Json {
    private static final int MAX_DEPTH = 512;

    private Json() {}

    public static String stringify(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    /** Writes a value; {@link Undefined} at top level or in arrays becomes {@code null}. */
    public static void write(StringBuilder sb, Object v) {
        if (v == null || v instanceof Undefined) {
            sb.append("null");
        } else if (v instanceof String) {
            quote(sb, (String) v);
        } else if (v instanceof Boolean) {
            sb.append(v.toString());
        } else if (v instanceof BigInteger) {
            throw new IllegalArgumentException("Do not know how to serialize a BigInt");
        } else if (v instanceof Number) {
            sb.append(number(((Number) v)));
        } else if (v instanceof byte[]) {
            byte[] b = (byte[]) v;
            sb.append('{');
            for (int i = 0; i < b.length; i++) {
                if (i > 0) sb.append(',');
                sb.append('"').append(i).append("\":").append(b[i] & 0xFF);
            }
            sb.append('}');
        } else if (v instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            sb.append('{');
            boolean first = true;
            for (String k : JsValues.keyOrder(m)) {
                Object x = m.get(k);
                if (x instanceof Undefined) continue;
                if (!first) sb.append(',');
                first = false;
                quote(sb, k);
                sb.append(':');
                write(sb, x);
            }
            sb.append('}');
        } else if (v instanceof List || v instanceof Object[]) {
            List<?> l = AnyCodec.asList(v);
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof JsonWritable) {
            ((JsonWritable) v).writeJson(sb);
        } else {
            quote(sb, v.toString());
        }
    }

    /** Something that serializes itself as JSON text. */
    public interface JsonWritable {
        void writeJson(StringBuilder sb);
    }

    /** Formats a number as JavaScript's Number.prototype.toString does. */
    public static String number(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            long l = n.longValue();
            if (Math.abs(l) < (1L << 53)) return Long.toString(l);
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) return "null";
        if (d == 0) return "0";
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int k = digits.length();
        int e = k - bd.scale(); // value = 0.digits * 10^e
        StringBuilder sb = new StringBuilder();
        if (d < 0) sb.append('-');
        if (k <= e && e <= 21) {
            sb.append(digits);
            for (int i = k; i < e; i++) sb.append('0');
        } else if (0 < e && e <= 21) {
            sb.append(digits, 0, e).append('.').append(digits, e, k);
        } else if (-6 < e && e <= 0) {
            sb.append("0.");
            for (int i = 0; i < -e; i++) sb.append('0');
            sb.append(digits);
        } else {
            sb.append(digits.charAt(0));
            if (k > 1) sb.append('.').append(digits, 1, k);
            sb.append('e').append(e - 1 >= 0 ? "+" : "-").append(Math.abs(e - 1));
        }
        return sb.toString();
    }

    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c)) {
                        boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                        if (paired) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            sb.append(String.format("\\u%04x", (int) c));
                        }
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /** Parses JSON text. Integers that fit an int become Integer, other integers Long or Double. */
    public static Object parse(String s) {
        Parser p = new Parser(s);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.i != s.length()) throw new DecodingException("trailing data in JSON");
        return v;
    }

    private static final class Parser {
        final String s;
        int i;

        Parser(String s) { this.s = s; }

        void ws() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') i++;
                else break;
            }
        }

        char peek() {
            if (i >= s.length()) throw new DecodingException("unexpected end of JSON");
            return s.charAt(i);
        }

        void expect(String lit) {
            if (!s.startsWith(lit, i)) throw new DecodingException("bad JSON literal");
            i += lit.length();
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) throw new DecodingException("JSON nested too deeply");
            char c = peek();
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (peek() == '}') { i++; return m; }
                    while (true) {
                        ws();
                        if (peek() != '"') throw new DecodingException("bad JSON object key");
                        String k = string();
                        ws();
                        expect(":");
                        ws();
                        m.put(k, value(depth + 1));
                        ws();
                        char d = peek();
                        i++;
                        if (d == '}') return m;
                        if (d != ',') throw new DecodingException("bad JSON object");
                    }
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (peek() == ']') { i++; return l; }
                    while (true) {
                        ws();
                        l.add(value(depth + 1));
                        ws();
                        char d = peek();
                        i++;
                        if (d == ']') return l;
                        if (d != ',') throw new DecodingException("bad JSON array");
                    }
                }
                case '"': return string();
                case 't': expect("true"); return Boolean.TRUE;
                case 'f': expect("false"); return Boolean.FALSE;
                case 'n': expect("null"); return null;
                default: return num();
            }
        }

        String string() {
            i++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = peek();
                i++;
                if (c == '"') return sb.toString();
                if (c == '\\') {
                    char e = peek();
                    i++;
                    switch (e) {
                        case 'n': sb.append('\n'); break;
                        case 't': sb.append('\t'); break;
                        case 'r': sb.append('\r'); break;
                        case 'b': sb.append('\b'); break;
                        case 'f': sb.append('\f'); break;
                        case 'u':
                            if (i + 4 > s.length()) throw new DecodingException("bad JSON escape");
                            try {
                                sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw new DecodingException("bad JSON escape");
                            }
                            i += 4;
                            break;
                        default: sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        Object num() {
            int st = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            String t = s.substring(st, i);
            if (t.isEmpty()) throw new DecodingException("bad JSON value");
            try {
                if (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) {
                    long l = Long.parseLong(t);
                    if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) l;
                    if (Math.abs(l) < (1L << 53)) return l;
                }
                double d = Double.parseDouble(t);
                if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE && !(d == 0 && 1 / d < 0)) return (int) d;
                return d;
            } catch (NumberFormatException ex) {
                throw new DecodingException("bad JSON number");
            }
        }
    }
}
