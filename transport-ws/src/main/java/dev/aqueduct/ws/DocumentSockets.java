package dev.aqueduct.ws;

import dev.aqueduct.core.Platform;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Every y-websocket connection of this node: token expiry once a second, and closing them all on shutdown. */
@ApplicationScoped
public class YjsRegistry {

    @Inject
    Platform platform;

    @Inject
    SocketWriters writers;

    private YjsSettings settings;
    private final Set<YjsConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private ScheduledFuture<?> ticker;
    private Thread shutdownHook;

    @PostConstruct
    void start() {
        settings = YjsSettings.from(platform.settings());
        ticker = platform.scheduler().scheduleAtFixedRate(() -> connections.forEach(YjsConnection::tick), 1, 1,
                TimeUnit.SECONDS);
        shutdownHook = new Thread(this::closeAll, "aqueduct-yjs-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    Platform platform() {
        return platform;
    }

    YjsSettings settings() {
        return settings;
    }

    SocketWriters writers() {
        return writers;
    }

    YjsConnection open(Session session, Handshake handshake, String room) {
        YjsConnection c = new YjsConnection(platform.nodeId() + "-y" + Long.toString(ids.incrementAndGet(), 36), this,
                session, handshake, room);
        connections.add(c);
        platform.telemetry().streamOpened(YjsConnection.TRANSPORT);
        return c;
    }

    void remove(YjsConnection c) {
        connections.remove(c);
    }

    public int size() {
        return connections.size();
    }

    @PreDestroy
    void stop() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        closeAll();
    }

    /** Closes every connection with 1001 (y-websocket reconnects, to another node behind a load balancer). */
    public void closeAll() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        connections.forEach(c -> c.close(1001, "server shutting down"));
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
