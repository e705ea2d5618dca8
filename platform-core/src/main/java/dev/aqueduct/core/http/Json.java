package dev.aqueduct.core.http;

/** Small JSON text helpers for hot paths where building a JSON-P object would cost more than it is worth. */
public final class Json {

    private Json() {
    }

    /** Appends {@code s} as a JSON string literal, or {@code null}. */
    public static StringBuilder quote(StringBuilder out, String s) {
        if (s == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    public static String quote(String s) {
        return quote(new StringBuilder(s == null ? 4 : s.length() + 2), s).toString();
    }
}
