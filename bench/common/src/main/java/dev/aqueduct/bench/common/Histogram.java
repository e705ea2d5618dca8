package dev.aqueduct.bench.common;

/**
 * Histogram of non-negative integer values with one bucket per value up to a maximum (anything larger lands in the
 * last bucket). The unit is the caller's: milliseconds by default (1 ms buckets up to 120 s). Not thread-safe.
 */
public final class Histogram {

    private final int maxValue;
    private final long[] counts;
    private long total;
    private long max;

    /** 1 ms buckets up to 120 s. */
    public Histogram() {
        this(120_000);
    }

    /** One bucket per value from 0 to {@code maxValue}. */
    public Histogram(int maxValue) {
        this.maxValue = maxValue;
        this.counts = new long[maxValue + 1];
    }

    public void record(long value) {
        int b = (int) Math.max(0, Math.min(maxValue, value));
        counts[b]++;
        total++;
        if (value > max) {
            max = value;
        }
    }

    public long total() {
        return total;
    }

    public long max() {
        return max;
    }

    /** The smallest value v such that at least {@code q} of the samples are {@code <= v}; -1 when empty. */
    public long percentile(double q) {
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
        return maxValue;
    }

    /** Adds the samples of another histogram with the same maximum. */
    public void add(Histogram other) {
        if (other.maxValue != maxValue) {
            throw new IllegalArgumentException("different maxima: " + other.maxValue + " and " + maxValue);
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    public Histogram copy() {
        Histogram h = new Histogram(maxValue);
        System.arraycopy(counts, 0, h.counts, 0, counts.length);
        h.total = total;
        h.max = max;
        return h;
    }

    public void clear() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
        max = 0;
    }
}
