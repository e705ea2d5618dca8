package dev.aqueduct.ws;

import dev.aqueduct.core.Platform;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every room-bus connection of this node: their timers (once a second), the writer threads that flush batched
 * output, closing off the publishing threads, and closing everything on shutdown.
 */
@ApplicationScoped
public class BusRegistry {

    private static final Logger LOG = Logger.getLogger(BusRegistry.class.getName());
    private static final int LARGEST_ROOMS = 10;

    @Inject
    Platform platform;

    private BusSettings settings;
    private RoomPresence presence;
    private final Set<BusConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentLinkedQueue<Outbox> dirty = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread[] writers;
    private AtomicBoolean[] parked;
    private ExecutorService closer;
    private ScheduledFuture<?> ticker;
    private Thread shutdownHook;
    private long ticks;

    @PostConstruct
    void start() {
        settings = BusSettings.from(platform.settings());
        presence = new RoomPresence(platform.hub(), settings.presenceMaxMembers());
        AtomicInteger n = new AtomicInteger();
        closer = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "aqueduct-ws-closer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        if (!settings.batchWindow().isZero()) {
            writers = new Thread[settings.writerThreads()];
            parked = new AtomicBoolean[writers.length];
            for (int i = 0; i < writers.length; i++) {
                int index = i;
                parked[i] = new AtomicBoolean();
                writers[i] = new Thread(() -> flushLoop(parked[index]), "aqueduct-ws-writer-" + (i + 1));
                writers[i].setDaemon(true);
                writers[i].start();
            }
        }
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

    void execute(Runnable task) {
        closer.execute(task);
    }

    /** Closes a session off the calling thread: writing the close frame may wait for a slow client. */
    void close(Session session, CloseReason reason) {
        closer.execute(() -> {
            try {
                session.close(reason);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "closing a room-bus session", e);
            }
        });
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

    private void flushLoop(AtomicBoolean parkedFlag) {
        long window = settings.batchWindow().toNanos();
        while (running.get()) {
            if (dirty.isEmpty()) {
                parkedFlag.set(true);
                if (dirty.isEmpty() && running.get()) {
                    LockSupport.park(this);
                }
                parkedFlag.set(false);
                continue;
            }
            LockSupport.parkNanos(window);
            Outbox o;
            while ((o = dirty.poll()) != null) {
                try {
                    o.pump();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "room-bus writer failed", e);
                }
            }
        }
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
        running.set(false);
        if (writers != null) {
            for (Thread w : writers) {
                LockSupport.unpark(w);
            }
        }
        closer.shutdown();
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
