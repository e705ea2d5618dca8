package dev.aqueduct.core.socket;

import dev.aqueduct.core.Platform;
import dev.aqueduct.core.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The threads every WebSocket endpoint shares for output: writer threads that start the sends of batched
 * {@link Outbox}es once the batch window has passed, and an executor for closes (writing a close frame may wait for
 * a slow client, which must not hold a publishing thread).
 */
@ApplicationScoped
public class SocketWriters {

    private static final Logger LOG = Logger.getLogger(SocketWriters.class.getName());

    @Inject
    Platform platform;

    private final ConcurrentLinkedQueue<Outbox> dirty = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Duration window;
    private Thread[] writers;
    private AtomicBoolean[] parked;
    private ExecutorService closer;

    @PostConstruct
    void start() {
        Settings settings = platform.settings();
        window = settings.getDuration("aqueduct.ws.batch-window", Duration.ofMillis(2));
        AtomicInteger n = new AtomicInteger();
        closer = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "aqueduct-ws-closer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        writers = new Thread[Math.max(1, settings.getInt("aqueduct.ws.writer-threads", 2))];
        parked = new AtomicBoolean[writers.length];
        for (int i = 0; i < writers.length; i++) {
            AtomicBoolean flag = new AtomicBoolean();
            parked[i] = flag;
            writers[i] = new Thread(() -> flushLoop(flag), "aqueduct-ws-writer-" + (i + 1));
            writers[i].setDaemon(true);
            writers[i].start();
        }
    }

    /** The batch window; zero means outboxes send at once on the thread that queued. */
    Duration window() {
        return window;
    }

    /** Has a writer thread pump the outbox after the batch window. */
    void flushLater(Outbox o) {
        dirty.add(o);
        for (int i = 0; i < writers.length; i++) {
            if (parked[i].compareAndSet(true, false)) {
                LockSupport.unpark(writers[i]);
                return;
            }
        }
    }

    void execute(Runnable task) {
        closer.execute(task);
    }

    /** Closes a session off the calling thread. */
    void close(Session session, CloseReason reason) {
        closer.execute(() -> {
            try {
                session.close(reason);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "closing a WebSocket session", e);
            }
        });
    }

    private void flushLoop(AtomicBoolean parkedFlag) {
        long windowNanos = window.toNanos();
        while (running.get()) {
            if (dirty.isEmpty()) {
                parkedFlag.set(true);
                if (dirty.isEmpty() && running.get()) {
                    LockSupport.park(this);
                }
                parkedFlag.set(false);
                continue;
            }
            if (windowNanos > 0) {
                LockSupport.parkNanos(windowNanos);
            }
            Outbox o;
            while ((o = dirty.poll()) != null) {
                try {
                    o.pump();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "WebSocket writer failed", e);
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        running.set(false);
        for (Thread w : writers) {
            LockSupport.unpark(w);
        }
        closer.shutdown();
    }
}
