package dev.aqueduct.core.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/** {@link Telemetry} on MicroProfile Metrics (application scope; Prometheus text at {@code /metrics}). */
@ApplicationScoped
public class MpTelemetry implements Telemetry {

    @Inject
    MetricRegistry registry;

    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Histogram> histograms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    private Counter counter(String name, String description, String tagName, String tagValue) {
        return counters.computeIfAbsent(name + '|' + tagName + '=' + tagValue, k -> {
            Metadata md = Metadata.builder().withName(name).withDescription(description).build();
            return tagName == null ? registry.counter(md) : registry.counter(md, new Tag(tagName, tagValue));
        });
    }

    /** Counters of one transport's traffic, looked up once per transport instead of once per call. */
    private record Traffic(Counter messagesIn, Counter bytesIn, Counter messagesOut, Counter bytesOut) {
    }

    private final ConcurrentHashMap<String, Traffic> traffic = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> roomGauges = new ConcurrentHashMap<>();

    private Traffic traffic(String transport) {
        return traffic.computeIfAbsent(transport, t -> new Traffic(
                counter("aqueduct.messages.in", "Messages received from clients", "transport", t),
                counter("aqueduct.bytes.in", "Bytes of messages received from clients", "transport", t),
                counter("aqueduct.messages.out", "Messages written to clients", "transport", t),
                counter("aqueduct.bytes.out", "Bytes of messages written to clients", "transport", t)));
    }

    private AtomicLong gauge(String name, String description, String tagName, String tagValue) {
        return gauges.computeIfAbsent(name + '|' + tagValue, k -> {
            AtomicLong value = new AtomicLong();
            Metadata md = Metadata.builder().withName(name).withDescription(description).build();
            registry.gauge(md, value, AtomicLong::get, new Tag(tagName, tagValue));
            return value;
        });
    }

    @Override
    public void published(String room) {
        counter("aqueduct.events.published", "Messages accepted into rooms", null, null).inc();
    }

    /** The delivery counter and latency histogram of one transport, looked up once per transport. */
    private record Delivery(Counter delivered, Histogram latency) {
    }

    private final ConcurrentHashMap<String, Delivery> deliveries = new ConcurrentHashMap<>();

    @Override
    public void delivered(String transport, long latencyMillis) {
        Delivery d = deliveries.computeIfAbsent(transport, t -> new Delivery(
                counter("aqueduct.events.delivered", "Messages handed to subscribers", "transport", t),
                histograms.computeIfAbsent(t, x -> registry.histogram(
                        Metadata.builder().withName("aqueduct.delivery.latency")
                                .withDescription("Publish-to-delivery latency").withUnit(MetricUnits.MILLISECONDS)
                                .build(), new Tag("transport", x)))));
        d.delivered().inc();
        d.latency().update(latencyMillis);
    }

    @Override
    public void streamOpened(String transport) {
        gauge("aqueduct.connections.open", "Open client streams and sockets", "transport", transport).incrementAndGet();
    }

    @Override
    public void streamClosed(String transport) {
        gauge("aqueduct.connections.open", "Open client streams and sockets", "transport", transport).decrementAndGet();
    }

    @Override
    public void replay(String transport, boolean recovered) {
        counter("aqueduct.replays", "Resume requests", "transport", transport).inc();
        if (recovered) {
            counter("aqueduct.replays.recovered", "Resume requests that recovered every missed message",
                    "transport", transport).inc();
        }
    }

    @Override
    public void slowConsumerClosed(String transport) {
        counter("aqueduct.slow.consumer.closes", "Subscribers closed because they fell behind", "transport",
                transport).inc();
    }

    @Override
    public void authenticationFailed(String reasonCode) {
        counter("aqueduct.auth.failures", "Refused tokens by reason", "reason", reasonCode).inc();
    }

    @Override
    public void accessDenied(String action) {
        counter("aqueduct.access.denied", "Refused room actions", "action", action).inc();
    }

    @Override
    public void rateLimited(String scope) {
        counter("aqueduct.rate.limited", "Requests refused by rate limits", "scope", scope).inc();
    }

    @Override
    public void joined(String transport) {
        counter("aqueduct.joins", "Rooms joined by connections", "transport", transport).inc();
    }

    @Override
    public void messagesIn(String transport, int count, long bytes) {
        Traffic t = traffic(transport);
        t.messagesIn().inc(count);
        t.bytesIn().inc(bytes);
    }

    @Override
    public void messagesOut(String transport, int count, long bytes) {
        Traffic t = traffic(transport);
        t.messagesOut().inc(count);
        t.bytesOut().inc(bytes);
    }

    @Override
    public void acked(String transport) {
        counter("aqueduct.acks", "Client publishes acknowledged", "transport", transport).inc();
    }

    @Override
    public void closed(String transport, int code) {
        String key = "aqueduct.closes|" + transport + '|' + code;
        counters.computeIfAbsent(key, k -> registry.counter(Metadata.builder().withName("aqueduct.closes")
                        .withDescription("Connections closed, by WebSocket close code").build(),
                new Tag("transport", transport), new Tag("code", Integer.toString(code)))).inc();
    }

    @Override
    public synchronized void largestRooms(Map<String, Integer> subscribersByRoom) {
        for (Map.Entry<String, Integer> e : subscribersByRoom.entrySet()) {
            roomGauges.computeIfAbsent(e.getKey(), room -> {
                AtomicLong value = new AtomicLong();
                registry.gauge(Metadata.builder().withName("aqueduct.room.subscribers")
                        .withDescription("Local subscribers of the largest rooms").build(), value, AtomicLong::get,
                        new Tag("room", room));
                return value;
            }).set(e.getValue());
        }
        Set<String> gone = new java.util.HashSet<>(roomGauges.keySet());
        gone.removeAll(subscribersByRoom.keySet());
        for (String room : gone) {
            roomGauges.remove(room);
            registry.remove(new MetricID("aqueduct.room.subscribers", new Tag("room", room)));
        }
    }

    /** The counters and RTT histogram of one WebRTC path type, looked up once per type. */
    private record RtcMetrics(Counter reports, Histogram rtt, Counter bytesSent, Counter bytesReceived,
                              Counter packetsReceived, Counter packetsLost) {
    }

    private final ConcurrentHashMap<String, RtcMetrics> rtc = new ConcurrentHashMap<>();
    private final AtomicBoolean turnShareRegistered = new AtomicBoolean();
    private volatile double turnShare;

    private Counter rtcCounter(String name, String description, String type, String direction) {
        String key = name + '|' + type + '|' + direction;
        return counters.computeIfAbsent(key, k -> {
            Metadata md = Metadata.builder().withName(name).withDescription(description).build();
            return direction == null ? registry.counter(md, new Tag("type", type))
                    : registry.counter(md, new Tag("type", type), new Tag("direction", direction));
        });
    }

    @Override
    public void rtcStatsReported(String pathType, double rttMillis, long bytesSent, long bytesReceived,
                                 long packetsReceived, long packetsLost) {
        RtcMetrics m = rtc.computeIfAbsent(pathType, t -> new RtcMetrics(
                rtcCounter("aqueduct.rtc.stats.reports", "WebRTC stats reports received", t, null),
                registry.histogram(Metadata.builder().withName("aqueduct.rtc.rtt")
                        .withDescription("Round-trip time of the selected ICE candidate pair, as clients report it")
                        .withUnit(MetricUnits.MILLISECONDS).build(), new Tag("type", t)),
                rtcCounter("aqueduct.rtc.bytes", "Bytes over WebRTC selected candidate pairs", t, "sent"),
                rtcCounter("aqueduct.rtc.bytes", "Bytes over WebRTC selected candidate pairs", t, "received"),
                rtcCounter("aqueduct.rtc.packets.received", "Media RTP packets received by WebRTC peers", t, null),
                rtcCounter("aqueduct.rtc.packets.lost", "Media RTP packets WebRTC peers reported lost", t, null)));
        m.reports().inc();
        if (!Double.isNaN(rttMillis)) {
            m.rtt().update(Math.round(rttMillis));
        }
        m.bytesSent().inc(bytesSent);
        m.bytesReceived().inc(bytesReceived);
        m.packetsReceived().inc(packetsReceived);
        m.packetsLost().inc(packetsLost);
    }

    @Override
    public void rtcConnectionsActive(Map<String, Integer> byPathType) {
        int all = 0;
        for (Map.Entry<String, Integer> e : byPathType.entrySet()) {
            gauge("aqueduct.rtc.connections.active", "WebRTC peer connections reporting stats, by path type", "type",
                    e.getKey()).set(e.getValue());
            all += e.getValue();
        }
        turnShare = all == 0 ? 0 : byPathType.getOrDefault("relay", 0) / (double) all;
        if (turnShareRegistered.compareAndSet(false, true)) {
            registry.gauge(Metadata.builder().withName("aqueduct.rtc.turn.share")
                    .withDescription("Share of active WebRTC peer connections relayed through TURN (0 to 1)").build(),
                    this, t -> t.turnShare);
        }
    }

    private Counter taggedCounter(String name, String description, Tag first, Tag second) {
        String key = name + '|' + first.getTagName() + '=' + first.getTagValue() + '|' + second.getTagName() + '='
                + second.getTagValue();
        return counters.computeIfAbsent(key, k -> registry.counter(
                Metadata.builder().withName(name).withDescription(description).build(), first, second));
    }

    @Override
    public void rtcSignal(String transport, String kind) {
        taggedCounter("aqueduct.rtc.signals", "WebRTC signaling messages relayed, by kind",
                new Tag("transport", transport), new Tag("kind", kind)).inc();
    }

    @Override
    public void rtcSignalRefused(String transport, String reason) {
        taggedCounter("aqueduct.rtc.signals.refused", "WebRTC signaling messages refused, by reason",
                new Tag("transport", transport), new Tag("reason", reason)).inc();
    }
}
