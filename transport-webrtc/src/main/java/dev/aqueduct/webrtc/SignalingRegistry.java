package dev.aqueduct.webrtc;

import dev.aqueduct.api.spi.ClusterBus;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.config.Refreshed;
import dev.aqueduct.core.http.Json;
import dev.aqueduct.core.rtc.RtcSettings;
import dev.aqueduct.core.socket.Handshake;
import dev.aqueduct.core.socket.SocketWriters;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every {@code /signaling} connection of this node and the topics they subscribed to. A publish goes through the
 * cluster bus (channel {@code rtc.signaling.<topic>}), so subscribers on every node get it; each node delivers to
 * its own subscribers.
 */
@ApplicationScoped
public class SignalingRegistry {

    private static final Logger LOG = Logger.getLogger(SignalingRegistry.class.getName());
    static final String CHANNEL_PREFIX = "rtc.signaling.";

    @Inject
    Platform platform;

    @Inject
    SocketWriters writers;

    private SignalingSettings settings;
    private Refreshed<Integer> maxMeshPeers;
    private final Set<SignalingConnection> connections = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Set<SignalingConnection>> topics = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private ClusterBus bus;
    private ClusterBus.Subscription busSubscription;
    private ScheduledFuture<?> ticker;
    private Thread shutdownHook;
    private long ticks;

    /** What {@link #subscribe} did. */
    enum Subscribed { ADDED, ALREADY, FULL }

    @PostConstruct
    void start() {
        settings = SignalingSettings.from(platform.settings());
        maxMeshPeers = Refreshed.every(Duration.ofSeconds(1), () -> RtcSettings.from(platform.settings()).maxMeshPeers());
        bus = platform.plugins().first(ClusterBus.class);
        busSubscription = bus.subscribe(CHANNEL_PREFIX, this::onBusMessage);
        ticker = platform.scheduler().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        shutdownHook = new Thread(() -> closeAll(1001, "server shutting down"), "aqueduct-signaling-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    Platform platform() {
        return platform;
    }

    SocketWriters writers() {
        return writers;
    }

    SignalingSettings settings() {
        return settings;
    }

    /** Subscribers a topic may have on this node ({@code aqueduct.rtc.max-mesh-peers}); 0 for no limit. */
    int maxMeshPeers() {
        return maxMeshPeers.get();
    }

    SignalingConnection open(Session session, Handshake handshake) {
        String id = platform.nodeId() + "-s" + Long.toString(ids.incrementAndGet(), 36);
        SignalingConnection c = new SignalingConnection(id, this, session, handshake);
        connections.add(c);
        platform.telemetry().streamOpened(SignalingConnection.TRANSPORT);
        return c;
    }

    void remove(SignalingConnection c) {
        connections.remove(c);
    }

    /**
     * Adds a connection to a topic's local subscribers unless the topic already has {@code maxPeers} of them
     * ({@code 0}: no limit).
     */
    Subscribed subscribe(String topic, SignalingConnection c, int maxPeers) {
        Subscribed[] result = new Subscribed[1];
        topics.compute(topic, (t, set) -> {
            Set<SignalingConnection> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (s.contains(c)) {
                result[0] = Subscribed.ALREADY;
            } else if (maxPeers > 0 && s.size() >= maxPeers) {
                result[0] = Subscribed.FULL;
            } else {
                s.add(c);
                result[0] = Subscribed.ADDED;
            }
            return s.isEmpty() ? null : s;
        });
        return result[0];
    }

    void unsubscribe(String topic, SignalingConnection c) {
        topics.computeIfPresent(topic, (t, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    /** Local subscribers of a topic. */
    int subscribers(String topic) {
        Set<SignalingConnection> s = topics.get(topic);
        return s == null ? 0 : s.size();
    }

    /**
     * Sends {@code data} (JSON text, passed on as it is; {@code null} when the publish had none) to the topic's
     * subscribers on every node.
     */
    void publish(String topic, String dataJson) {
        bus.publish(CHANNEL_PREFIX + topic, dataJson == null ? new byte[0] : dataJson.getBytes(StandardCharsets.UTF_8));
    }

    private void onBusMessage(ClusterBus.BusMessage m) {
        String topic = m.channel().substring(CHANNEL_PREFIX.length());
        Set<SignalingConnection> receivers = topics.get(topic);
        if (receivers == null || receivers.isEmpty()) {
            return;
        }
        // the reference server's fan-out: the publish message as sent, plus how many receive it
        StringBuilder sb = new StringBuilder(m.body().length + topic.length() + 64).append("{\"type\":\"publish\",\"topic\":");
        Json.quote(sb, topic);
        if (m.body().length > 0) {
            sb.append(",\"data\":").append(new String(m.body(), StandardCharsets.UTF_8));
        }
        sb.append(",\"clients\":").append(receivers.size()).append('}');
        String frame = sb.toString();
        for (SignalingConnection c : receivers) {
            c.deliver(frame);
        }
    }

    public int size() {
        return connections.size();
    }

    private void tick() {
        long now = System.nanoTime();
        boolean recheck = ++ticks % 5 == 0;
        for (SignalingConnection c : connections) {
            try {
                c.tick(now);
                if (recheck) {
                    c.recheck();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "signaling tick failed; closing the connection", e);
                c.close(1011, "internal error", false);
            }
        }
    }

    @PreDestroy
    void stop() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        closeAll(1001, "server shutting down");
        if (busSubscription != null) {
            busSubscription.close();
        }
    }

    /** Closes every connection, waiting up to two seconds for the close frames. */
    public void closeAll(int code, String reason) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (SignalingConnection c : connections) {
            c.close(code, reason, true);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
