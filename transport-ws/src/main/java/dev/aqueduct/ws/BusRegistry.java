package dev.aqueduct.ws;

import dev.aqueduct.api.spi.ClusterBus;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.config.Refreshed;
import dev.aqueduct.core.rtc.RtcSettings;
import dev.aqueduct.core.socket.Handshake;
import dev.aqueduct.core.socket.SocketWriters;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every room-bus connection of this node: their timers (once a second), presence, room signaling, and closing
 * everything on shutdown.
 */
@ApplicationScoped
public class BusRegistry {

    private static final Logger LOG = Logger.getLogger(BusRegistry.class.getName());
    private static final int LARGEST_ROOMS = 10;

    @Inject
    Platform platform;

    @Inject
    SocketWriters writers;

    private BusSettings settings;
    private RoomPresence presence;
    private SignalRelay signals;
    private final ConcurrentHashMap<String, BusConnection> connections = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private ScheduledFuture<?> ticker;
    private Thread shutdownHook;
    private long ticks;

    @PostConstruct
    void start() {
        settings = BusSettings.from(platform.settings());
        presence = new RoomPresence(platform.hub(), settings.presenceMaxMembers());
        Refreshed<Integer> maxMeshPeers = Refreshed.every(Duration.ofSeconds(1),
                () -> RtcSettings.from(platform.settings()).maxMeshPeers());
        signals = new SignalRelay(this, platform.telemetry(), platform.plugins().first(ClusterBus.class),
                maxMeshPeers::get, settings.signalTimeout());
        ticker = platform.scheduler().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        shutdownHook = new Thread(() -> closeAll(1001, "server shutting down"), "aqueduct-ws-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    Platform platform() {
        return platform;
    }

    BusSettings settings() {
        return settings;
    }

    RoomPresence presence() {
        return presence;
    }

    SignalRelay signals() {
        return signals;
    }

    /** The connection of this node with that id, or {@code null}. */
    BusConnection find(String connId) {
        return connections.get(connId);
    }

    /** Whether a connection id was given out by this node (ids start with the node id). */
    boolean isLocalId(String connId) {
        return connId.startsWith(platform.nodeId() + "-");
    }

    BusConnection open(Session session, Handshake handshake) {
        String id = platform.nodeId() + "-" + Long.toString(ids.incrementAndGet(), 36);
        BusConnection c = new BusConnection(id, this, session, handshake);
        connections.put(id, c);
        platform.telemetry().streamOpened(BusConnection.TRANSPORT);
        return c;
    }

    void remove(BusConnection c) {
        connections.remove(c.id(), c);
    }

    /** Number of open connections on this node. */
    public int size() {
        return connections.size();
    }

    /** Closes a subject's connections with 4000; returns how many. */
    public int closeConnectionsOf(String subject) {
        int n = 0;
        for (BusConnection c : connections.values()) {
            if (c.principal() != null && c.principal().subject().equals(subject)) {
                c.close(4000, "closed by an administrator", true);
                n++;
            }
        }
        return n;
    }

    SocketWriters writers() {
        return writers;
    }

    private void tick() {
        long now = System.nanoTime();
        boolean recheck = ++ticks % 5 == 0;
        for (BusConnection c : connections.values()) {
            try {
                c.tick(now);
                if (recheck) {
                    c.recheck();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "room-bus tick failed; closing the connection", e);
                c.close(1011, "internal error", false);
            }
        }
        presence.tick();
        signals.sweep(now);
        if (recheck) {
            Map<String, Integer> top = new LinkedHashMap<>();
            platform.hub().largestRooms(LARGEST_ROOMS).forEach((room, count) -> top.put(room.value(), count));
            platform.telemetry().largestRooms(top);
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
        signals.close();
    }

    /** Closes every connection (1001 on shutdown), waiting up to two seconds for the close frames. */
    public void closeAll(int code, String reason) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (BusConnection c : connections.values()) {
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
