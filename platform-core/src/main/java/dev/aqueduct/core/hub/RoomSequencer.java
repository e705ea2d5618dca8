package dev.aqueduct.core.hub;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HistoryStore;
import dev.aqueduct.api.spi.HistoryStore.Position;
import dev.aqueduct.api.spi.HistoryStore.Replay;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts the stored messages of a room that arrive from a cluster bus back into seq order on this node. Two nodes
 * publishing into one room get their seqs from the shared history but reach the bus independently, so seq 6 may
 * arrive before seq 5; and a broker that drops messages (pub/sub during a reconnect) leaves holes. Subscribers skip
 * any seq at or below the last one they saw, so either would lose a message. A message that arrives early waits
 * until the ones before it come; when they have not come after the gap wait, they are read from the shared history;
 * if history no longer has them the room moves on (the clients see the gap as they would after any loss).
 *
 * <p>Only rooms with local subscribers are tracked; a room starts at the history position when it gets its first
 * local subscriber (earlier messages reach subscribers through their own history read).
 */
final class RoomSequencer {

    private static final Logger LOG = Logger.getLogger(RoomSequencer.class.getName());

    private static final class Room {
        String epoch;
        long last;
        final TreeMap<Long, Envelope> early = new TreeMap<>();
        ScheduledFuture<?> timer;

        Room(Position p) {
            epoch = p.epoch();
            last = p.seq();
        }
    }

    private final HistoryStore history;
    private final Predicate<RoomId> hasSubscribers;
    private final Consumer<Envelope> fanOut;
    private final ScheduledExecutorService scheduler;
    private final Duration gapWait;
    private final Map<RoomId, Room> rooms = new ConcurrentHashMap<>();

    RoomSequencer(HistoryStore history, Predicate<RoomId> hasSubscribers, Consumer<Envelope> fanOut,
                  ScheduledExecutorService scheduler, Duration gapWait) {
        this.history = history;
        this.hasSubscribers = hasSubscribers;
        this.fanOut = fanOut;
        this.scheduler = scheduler;
        this.gapWait = gapWait;
    }

    /** Starts tracking a room (before its first local subscriber is added); idempotent. */
    void track(RoomId room) {
        rooms.computeIfAbsent(room, r -> new Room(history.position(r)));
    }

    /** Stops tracking a room that has no local subscriber any more. */
    void forget(RoomId room) {
        Room r = rooms.remove(room);
        if (r != null) {
            synchronized (r) {
                cancelTimer(r);
            }
        }
    }

    /** A stored message from the bus (seq &gt; 0). */
    void accept(Envelope e) {
        Room r = rooms.get(e.room());
        if (r == null) {
            if (!hasSubscribers.test(e.room())) {
                return;
            }
            // tracking failed when the subscriber came (history unreachable): start with this message
            r = rooms.computeIfAbsent(e.room(), k -> new Room(new Position("", e.seq() - 1)));
        }
        synchronized (r) {
            if (e.seq() <= r.last) {
                return;
            }
            if (e.seq() == r.last + 1) {
                deliver(r, e);
                drain(r);
            } else {
                r.early.put(e.seq(), e);
                if (r.timer == null) {
                    r.timer = scheduler.schedule(() -> fill(e.room()), gapWait.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** Fills every room's gap from history now; the gap timers call this for their room. */
    void fillAll() {
        for (RoomId room : rooms.keySet()) {
            fill(room);
        }
    }

    private void fill(RoomId room) {
        Room r = rooms.get(room);
        if (r == null) {
            return;
        }
        Position from;
        synchronized (r) {
            if (r.early.isEmpty()) {
                cancelTimer(r);
                return;
            }
            from = new Position(r.epoch, r.last);
        }
        Replay replay = null;
        try {
            replay = history.since(room, from);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "cannot read the history of " + room + " to fill a gap after seq " + from.seq()
                    + "; moving on", ex);
        }
        synchronized (r) {
            cancelTimer(r);
            if (replay != null && replay.recovered()) {
                for (Envelope e : replay.messages()) {
                    if (e.seq() == r.last + 1) {
                        r.early.remove(e.seq());
                        deliver(r, e);
                    }
                }
                drain(r);
            }
            if (!r.early.isEmpty()) {
                LOG.warning("room " + room + ": messages " + (r.last + 1) + " to " + (r.early.firstKey() - 1)
                        + " never arrived and are not in history; moving on");
                if (replay != null && !replay.current().epoch().equals(r.epoch)) {
                    r.epoch = replay.current().epoch();
                }
                for (Envelope e : r.early.values()) {
                    deliver(r, e);
                }
                r.early.clear();
            }
        }
    }

    private void drain(Room r) {
        while (!r.early.isEmpty() && r.early.firstKey() <= r.last + 1) {
            Envelope next = r.early.pollFirstEntry().getValue();
            if (next.seq() == r.last + 1) {
                deliver(r, next);
            }
        }
        if (r.early.isEmpty()) {
            cancelTimer(r);
        }
    }

    private void deliver(Room r, Envelope e) {
        r.last = e.seq();
        fanOut.accept(e);
    }

    private static void cancelTimer(Room r) {
        if (r.timer != null) {
            r.timer.cancel(false);
            r.timer = null;
        }
    }
}
