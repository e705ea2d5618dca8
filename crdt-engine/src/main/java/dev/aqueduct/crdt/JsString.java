package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.Json;
import dev.aqueduct.crdt.lib0.Undefined;
import java.util.List;
import java.util.Map;

/** JavaScript's String(value) conversion, used where Yjs builds strings from values. */
final class JsString {
    private JsString() {}

    static String of(Object v) {
        if (v == null) return "null";
        if (v instanceof Undefined) return "undefined";
        if (v instanceof String) return (String) v;
        if (v instanceof Number) {
            String s = Json.number((Number) v);
            if ("null".equals(s)) {
                double d = ((Number) v).doubleValue();
                return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
            }
            return s;
        }
        if (v instanceof Boolean) return v.toString();
        if (v instanceof List) {
            StringBuilder sb = new StringBuilder();
            List<?> l = (List<?>) v;
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                Object x = l.get(i);
                if (x != null && !(x instanceof Undefined)) sb.append(of(x));
            }
            return sb.toString();
        }
        if (v instanceof AbstractType) return v.toString();
        if (v instanceof Map) return "[object Object]";
        if (v instanceof byte[]) {
            StringBuilder sb = new StringBuilder();
            byte[] b = (byte[]) v;
            for (int i = 0; i < b.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(b[i] & 0xFF);
            }
            return sb.toString();
        }
        return "[object Object]";
    }
}
