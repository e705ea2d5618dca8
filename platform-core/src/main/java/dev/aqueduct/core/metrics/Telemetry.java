package dev.aqueduct.core.metrics;

/**
 * What the core and the transports report for metrics. The MicroProfile Metrics implementation is
 * {@link MpTelemetry}; {@link #NOOP} is for tests and tools.
 */
public interface Telemetry {

    Telemetry NOOP = new Telemetry() {
    };

    default void published(String room) {
    }

    /** One message handed to one subscriber of a transport, {@code latencyMillis} after it was published. */
    default void delivered(String transport, long latencyMillis) {
    }

    default void streamOpened(String transport) {
    }

    default void streamClosed(String transport) {
    }

    default void replay(String transport, boolean recovered) {
    }

    default void slowConsumerClosed(String transport) {
    }

    default void authenticationFailed(String reasonCode) {
    }

    default void accessDenied(String action) {
    }

    default void rateLimited(String scope) {
    }
}
