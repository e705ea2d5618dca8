package dev.aqueduct.sse;

import dev.aqueduct.core.Platform;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
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
    private ThreadPoolExecutor writers;

    @PostConstruct
    void start() {
        SseSettings settings = SseSettings.from(platform.settings());
        AtomicInteger n = new AtomicInteger();
        writers = new ThreadPoolExecutor(settings.writerThreads(), settings.writerThreads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "aqueduct-sse-writer-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        writers.allowCoreThreadTimeOut(true);
        context = new SseContext(platform, settings, this, writers);
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

    /** Closes the streams of a subject with reason {@code closed_by_admin}; returns how many. */
    public int closeStreamsOf(String subject) {
        int n = 0;
        for (SseStream s : streams) {
            if (s.principal().subject().equals(subject)) {
                s.close("closed_by_admin");
                n++;
            }
        }
        return n;
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
        writers.shutdownNow();
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
