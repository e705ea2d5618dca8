package dev.aqueduct.core.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
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

    @Override
    public void delivered(String transport, long latencyMillis) {
        counter("aqueduct.events.delivered", "Messages handed to subscribers", "transport", transport).inc();
        histograms.computeIfAbsent(transport, t -> registry.histogram(
                Metadata.builder().withName("aqueduct.delivery.latency")
                        .withDescription("Publish-to-delivery latency").withUnit(MetricUnits.MILLISECONDS).build(),
                new Tag("transport", t))).update(latencyMillis);
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
}
