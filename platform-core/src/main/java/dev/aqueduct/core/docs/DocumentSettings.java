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
 */
public record DocumentSettings(Duration compactDebounce, Duration compactMaxDebounce, int loaderThreads,
                               Duration autoVersionInterval) {

    public static DocumentSettings from(Settings s) {
        return new DocumentSettings(s.getDuration("aqueduct.documents.compact-debounce", Duration.ofSeconds(2)),
                s.getDuration("aqueduct.documents.compact-max-debounce", Duration.ofSeconds(10)),
                Math.max(1, s.getInt("aqueduct.documents.loader-threads", 4)),
                s.getDuration("aqueduct.documents.auto-version-interval", Duration.ofMinutes(10)));
    }
}
