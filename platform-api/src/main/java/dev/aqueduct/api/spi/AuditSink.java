package dev.aqueduct.api.spi;

import java.time.Instant;
import java.util.Map;

/** Receives audit events: security decisions, administrative actions, document changes. */
public interface AuditSink {

    /**
     * An audit event.
     *
     * @param at      when it happened
     * @param kind    e.g. {@code auth.failed}, {@code room.denied}, {@code document.update}, {@code setting.changed}
     * @param subject who did it, or {@code null} when unknown
     * @param room    the room concerned, or {@code null}
     * @param details facts of the event (never secrets such as tokens)
     */
    record AuditEvent(Instant at, String kind, String subject, String room, Map<String, String> details) {
        public AuditEvent {
            details = Map.copyOf(details);
        }
    }

    void record(AuditEvent event);
}
