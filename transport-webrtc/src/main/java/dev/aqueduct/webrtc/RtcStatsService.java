package dev.aqueduct.webrtc;

import dev.aqueduct.core.Platform;
import dev.aqueduct.core.metrics.Telemetry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Peer connection stats on this node: records reports into the {@link PeerConnectionRegistry}, counts them in the
 * metrics, and once a second forgets connections that stopped reporting and publishes the active counts.
 */
@ApplicationScoped
public class RtcStatsService {

    private static final Logger LOG = Logger.getLogger(RtcStatsService.class.getName());

    @Inject
    Platform platform;

    private final PeerConnectionRegistry registry = new PeerConnectionRegistry();
    private ScheduledFuture<?> sweeper;

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        start();
    }

    synchronized void start() {
        if (sweeper == null) {
            publishActive(platform.telemetry());
            sweeper = platform.scheduler().scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    /** Records one report (400 problems are thrown by the parser before this). */
    void report(String subject, RtcStatsReport report) {
        PeerConnectionRegistry.Delta d = registry.report(subject, report, platform.clock().instant(), settings());
        Telemetry t = platform.telemetry();
        if (d != null) {
            t.rtcStatsReported(d.type().label(), d.rttMillis(), d.bytesSent(), d.bytesReceived(),
                    d.packetsReceived(), d.packetsLost());
        }
        publishActive(t);
    }

    RtcStatsSettings settings() {
        return RtcStatsSettings.from(platform.settings());
    }

    private void sweep() {
        try {
            registry.sweep(platform.clock().instant(), settings().expiry());
            publishActive(platform.telemetry());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sweeping WebRTC stats failed", e);
        }
    }

    private void publishActive(Telemetry t) {
        Map<String, Integer> byType = new LinkedHashMap<>();
        registry.activeByType().forEach((type, n) -> byType.put(type.label(), n));
        t.rtcConnectionsActive(byType);
    }
}
