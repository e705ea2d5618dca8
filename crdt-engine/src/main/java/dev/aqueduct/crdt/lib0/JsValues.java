package dev.aqueduct.crdt.lib0;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers that give Java values the semantics JavaScript gives them in Yjs. */
public final class JsValues {
    private JsValues() {}

    /** True when the key is a canonical array index, which JavaScript objects enumerate first. */
    static boolean isArrayIndex(String k) {
        int n = k.length();
        if (n == 0 || n > 10) return false;
        if (n > 1 && k.charAt(0) == '0') return false;
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = k.charAt(i);
            if (c < '0' || c > '9') return false;
            v = v * 10 + (c - '0');
        }
        return v < 4294967295L;
    }

    /** Keys in JavaScript enumeration order: array indexes ascending, then insertion order. */
    public static List<String> keyOrder(Map<String, ?> m) {
        List<String> idx = null;
        List<String> rest = new ArrayList<>(m.size());
        for (String k : m.keySet()) {
            if (isArrayIndex(k)) {
                if (idx == null) idx = new ArrayList<>();
                idx.add(k);
            } else {
                rest.add(k);
            }
        }
        if (idx == null) return rest;
        idx.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        idx.addAll(rest);
        return idx;
    }

    public static boolean isNumber(Object o) {
        return o instanceof Number && !(o instanceof BigInteger);
    }

    /** JavaScript {@code ===}: numbers by value, strings and booleans by value, everything else by identity. */
    public static boolean strictEquals(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (isNumber(a) && isNumber(b)) return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        if (a instanceof String && b instanceof String) return a.equals(b);
        if (a instanceof Boolean && b instanceof Boolean) return a.equals(b);
        if (a instanceof BigInteger && b instanceof BigInteger) return a.equals(b);
        return false;
    }

    /** Structural equality used by tests and deep comparisons. */
    public static boolean deepEquals(Object a, Object b) {
        if (strictEquals(a, b)) return true;
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> ma = (Map<?, ?>) a, mb = (Map<?, ?>) b;
            if (ma.size() != mb.size()) return false;
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !deepEquals(e.getValue(), mb.get(e.getKey()))) return false;
            }
            return true;
        }
        if (a instanceof List && b instanceof List) {
            List<?> la = (List<?>) a, lb = (List<?>) b;
            if (la.size() != lb.size()) return false;
            for (int i = 0; i < la.size(); i++) if (!deepEquals(la.get(i), lb.get(i))) return false;
            return true;
        }
        if (a instanceof byte[] && b instanceof byte[]) return java.util.Arrays.equals((byte[]) a, (byte[]) b);
        return false;
    }
}
