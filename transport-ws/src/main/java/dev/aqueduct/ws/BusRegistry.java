package dev.aqueduct.ws;

import dev.aqueduct.core.Platform;
import dev.aqueduct.core.socket.Handshake;
import dev.aqueduct.core.socket.SocketWriters;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every room-bus connection of this node: their timers (once a second), presence, and closing everything on
 * shutdown.
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
    private final Set<BusConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private ScheduledFuture<?> ticker;
    private Thread shutdownHook;
    private long ticks;

    @PostConstruct
    void start() {
        settings = BusSettings.from(platform.settings());
        presence = new RoomPresence(platform.hub(), settings.presenceMaxMembers());
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

    BusConnection open(Session session, Handshake handshake) {
        String id = platform.nodeId() + "-" + Long.toString(ids.incrementAndGet(), 36);
        BusConnection c = new BusConnection(id, this, session, handshake);
        connections.add(c);
        platform.telemetry().streamOpened(BusConnection.TRANSPORT);
        return c;
    }

    void remove(BusConnection c) {
        connections.remove(c);
    }

    /** Number of open connections on this node. */
    public int size() {
        return connections.size();
    }

    /** Closes a subject's connections with 4000; returns how many. */
    public int closeConnectionsOf(String subject) {
        int n = 0;
        for (BusConnection c : connections) {
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
        for (BusConnection c : connections) {
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
    }

    /** Closes every connection (1001 on shutdown), waiting up to two seconds for the close frames. */
    public void closeAll(int code, String reason) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (BusConnection c : connections) {
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
