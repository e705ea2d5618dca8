package dev.aqueduct.core.docs;

import dev.aqueduct.core.config.Settings;
import java.time.Duration;

/**
 * Settings of the document service ({@code aqueduct.documents.*}); see docs/configuration.md.
 *
 * @param compactDebounce    quiet time after the last change before the log is compacted into a snapshot
 * @param compactMaxDebounce longest a document keeps changing without a compaction
 * @param loaderThreads      threads that load and compact documents (store calls may block)
 * @param autoVersionInterval a document that changed is saved as an automatic version this long after its first
 *                           change since the last one; zero switches automatic versions off
 * @param storeQueue         changes that may wait for the store; when it is full, senders wait
 * @param storeGroup         most changes stored in one group (one store call, one transaction)
 */
public record DocumentSettings(Duration compactDebounce, Duration compactMaxDebounce, int loaderThreads,
                               Duration autoVersionInterval, int storeQueue, int storeGroup) {

    public DocumentSettings(Duration compactDebounce, Duration compactMaxDebounce, int loaderThreads,
                            Duration autoVersionInterval) {
        this(compactDebounce, compactMaxDebounce, loaderThreads, autoVersionInterval, 10_000, 500);
    }

    public static DocumentSettings from(Settings s) {
        return new DocumentSettings(s.getDuration("aqueduct.documents.compact-debounce", Duration.ofSeconds(2)),
                s.getDuration("aqueduct.documents.compact-max-debounce", Duration.ofSeconds(10)),
                Math.max(1, s.getInt("aqueduct.documents.loader-threads", 4)),
                s.getDuration("aqueduct.documents.auto-version-interval", Duration.ofMinutes(10)),
                Math.max(1, s.getInt("aqueduct.documents.store-queue", 10_000)),
                Math.max(1, s.getInt("aqueduct.documents.store-group", 500)));
    }
}
