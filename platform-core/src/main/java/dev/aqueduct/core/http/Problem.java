package dev.aqueduct.core.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code type} is a stable URI naming the problem kind; clients switch on it (or on
 * {@code status}), never on {@code detail}, which is for humans.
 */
public record Problem(int status, String type, String title, String detail, Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "urn:aqueduct:problem:";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** A problem whose type is {@code urn:aqueduct:problem:<code>}. */
    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(status, TYPE_BASE + code, title, detail, Map.of());
    }

    public Problem with(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(extensions);
        m.put(key, value);
        return new Problem(status, type, title, detail, m);
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"type\":");
        Json.quote(sb, type);
        sb.append(",\"title\":");
        Json.quote(sb, title);
        sb.append(",\"status\":").append(status);
        if (detail != null) {
            sb.append(",\"detail\":");
            Json.quote(sb, detail);
        }
        for (Map.Entry<String, Object> e : extensions.entrySet()) {
            sb.append(',');
            Json.quote(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                Json.quote(sb, v == null ? null : v.toString());
            }
        }
        return sb.append('}').toString();
    }
}
