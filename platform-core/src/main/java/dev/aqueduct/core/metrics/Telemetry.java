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

    /** A connection joined a room. */
    default void joined(String transport) {
    }

    /** Messages received from clients, and their bytes on the wire. */
    default void messagesIn(String transport, int count, long bytes) {
    }

    /** Messages written to clients (several may share a frame), and their bytes on the wire. */
    default void messagesOut(String transport, int count, long bytes) {
    }

    /** A client's publish was acknowledged. */
    default void acked(String transport) {
    }

    /** A connection was closed with a WebSocket close code. */
    default void closed(String transport, int code) {
    }

    /** Subscriber counts of the largest rooms on this node; rooms no longer among them lose their gauge. */
    default void largestRooms(java.util.Map<String, Integer> subscribersByRoom) {
    }

    /**
     * A WebRTC peer connection reported its stats: the type of its selected candidate pair's path ({@code host},
     * {@code srflx}, {@code prflx}, {@code relay}), its round-trip time in ms ({@code NaN} when not reported), and
     * how much its media counters grew since its previous report.
     */
    default void rtcStatsReported(String pathType, double rttMillis, long bytesSent, long bytesReceived,
                                  long packetsReceived, long packetsLost) {
    }

    /** Active WebRTC peer connections on this node by path type; every type is given, 0 included. */
    default void rtcConnectionsActive(java.util.Map<String, Integer> byPathType) {
    }

    /**
     * A WebRTC signaling message the server carried out: on {@code signaling} (y-webrtc) its type ({@code subscribe},
     * {@code unsubscribe}, {@code publish}); on {@code ws} (room signaling) the signal's kind ({@code offer}, ...).
     */
    default void rtcSignal(String transport, String kind) {
    }

    /** A WebRTC signaling message refused, by the error code it was answered with. */
    default void rtcSignalRefused(String transport, String reason) {
    }
}
