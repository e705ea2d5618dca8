package dev.aqueduct.bench.sse;

/** Millisecond histogram with 1 ms buckets up to 120 s (anything larger lands in the last bucket). Not thread-safe. */
final class Histogram {

    private static final int MAX_MS = 120_000;

    private final long[] counts = new long[MAX_MS + 1];
    private long total;
    private long max;

    void record(long ms) {
        int b = (int) Math.max(0, Math.min(MAX_MS, ms));
        counts[b]++;
        total++;
        if (ms > max) {
            max = ms;
        }
    }

    long total() {
        return total;
    }

    long max() {
        return max;
    }

    /** The smallest value v such that at least {@code q} of the samples are {@code <= v}; -1 when empty. */
    long percentile(double q) {
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return MAX_MS;
    }

    Histogram copy() {
        Histogram h = new Histogram();
        System.arraycopy(counts, 0, h.counts, 0, counts.length);
        h.total = total;
        h.max = max;
        return h;
    }

    void clear() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
        max = 0;
    }
}
