package dev.aqueduct.api.plugin;

import java.time.Duration;

/** Parses the duration forms accepted in Aqueduct settings. */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses ISO-8601 ({@code PT30S}) or a number followed by {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d}; a bare number means seconds.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("p")) {
            return Duration.parse(text.trim());
        }
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("expected a duration such as 30s, 250ms, 5m or PT30S");
        }
        double n = Double.parseDouble(s.substring(0, i));
        String unit = s.substring(i).trim();
        long millis = switch (unit) {
            case "ms" -> Math.round(n);
            case "", "s" -> Math.round(n * 1000);
            case "m" -> Math.round(n * 60_000);
            case "h" -> Math.round(n * 3_600_000);
            case "d" -> Math.round(n * 86_400_000);
            default -> throw new IllegalArgumentException("unknown duration unit '" + unit + "'");
        };
        return Duration.ofMillis(millis);
    }
}
