package dev.aqueduct.sse;

import dev.aqueduct.core.Platform;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every open SSE stream of this node: drives heartbeats and token expiry once a second, and closes all streams on
 * shutdown so the server does not wait for them.
 */
@ApplicationScoped
public class StreamRegistry {

    private static final Logger LOG = Logger.getLogger(StreamRegistry.class.getName());

    @Inject
    Platform platform;

    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
    private SseContext context;
    private ScheduledFuture<?> ticker;
    private Thread shutdownHook;

    @PostConstruct
    void start() {
        context = new SseContext(platform, SseSettings.from(platform.settings()), this);
        ticker = platform.scheduler().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        // On SIGTERM or Ctrl-C the JVM runs this while the server starts quiescing; open streams would otherwise
        // hold the quiesce (and the stop) for its full 30 seconds.
        shutdownHook = new Thread(this::closeAll, "aqueduct-sse-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    SseContext context() {
        return context;
    }

    void add(SseStream s) {
        streams.add(s);
    }

    void remove(SseStream s) {
        streams.remove(s);
    }

    /** Number of open streams on this node. */
    public int size() {
        return streams.size();
    }

    private void tick() {
        long now = System.nanoTime();
        for (SseStream s : streams) {
            try {
                s.tick(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "SSE stream tick failed; ending the stream", e);
                s.finish();
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
        closeAll();
    }

    /** Closes every stream with reason {@code shutdown}; called on application stop and on JVM shutdown. */
    public void closeAll() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (SseStream s : streams) {
            s.close("shutdown");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!streams.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (SseStream s : streams) {
            s.finish();
        }
    }
}
