package dev.aqueduct.it.support;

/** One server-sent event as a client sees it: the event name ("message" when absent), the id, the data. */
public record SseEvent(String event, String id, String data) {
}
