package dev.aqueduct.core.config;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A setting read on a hot path (every publish, every delivery): the value is taken from its source at most once per
 * {@code period}, so a run-time change still applies within that time without a configuration look-up per call.
 */
public final class Refreshed<T> implements Supplier<T> {

    private record Value<T>(T value, long readAtNanos) {
    }

    private final Supplier<T> source;
    private final long periodNanos;
    private volatile Value<T> current;

    private Refreshed(Supplier<T> source, Duration period) {
        this.source = source;
        this.periodNanos = period.toNanos();
    }

    public static <T> Refreshed<T> every(Duration period, Supplier<T> source) {
        return new Refreshed<>(source, period);
    }

    @Override
    public T get() {
        Value<T> v = current;
        long now = System.nanoTime();
        if (v == null || now - v.readAtNanos() >= periodNanos) {
            v = new Value<>(source.get(), now);
            current = v;
        }
        return v.value();
    }
}
