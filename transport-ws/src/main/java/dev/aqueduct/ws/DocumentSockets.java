package dev.aqueduct.ws;

import dev.aqueduct.core.Platform;
import dev.aqueduct.core.socket.Outbox;
import dev.aqueduct.core.socket.SocketWriters;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every document socket of this node (y-websocket and Hocuspocus): their timers once a second, and closing them all
 * on shutdown.
 */
@ApplicationScoped
public class DocumentSockets {

    @Inject
    Platform platform;

    @Inject
    SocketWriters writers;

    private DocumentSocketSettings settings;
    private final Set<DocumentSocket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private ScheduledFuture<?> ticker;
    private Thread shutdownHook;

    @PostConstruct
    void start() {
        settings = DocumentSocketSettings.from(platform.settings());
        ticker = platform.scheduler().scheduleAtFixedRate(() -> connections.forEach(DocumentSocket::tick), 1, 1,
                TimeUnit.SECONDS);
        shutdownHook = new Thread(this::closeAll, "aqueduct-documents-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    Platform platform() {
        return platform;
    }

    DocumentSocketSettings settings() {
        return settings;
    }

    /** The send-queue bounds of document sockets: binary frames, one message each (batching stays off). */
    Outbox.Limits outboxLimits() {
        return new Outbox.Limits(settings.maxQueuedMessages(), settings.maxQueuedBytes(), 1,
                settings.slowConsumerStall().toNanos());
    }

    SocketWriters writers() {
        return writers;
    }

    /** A new connection id, unique across nodes: node id, protocol letter, counter. */
    String nextId(char protocol) {
        return platform.nodeId() + "-" + protocol + Long.toString(ids.incrementAndGet(), 36);
    }

    void add(DocumentSocket c, String transport) {
        connections.add(c);
        platform.telemetry().streamOpened(transport);
    }

    void remove(DocumentSocket c) {
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

    /** Closes every connection with 1001 (providers reconnect, to another node behind a load balancer). */
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
