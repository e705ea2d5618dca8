package dev.aqueduct.core.hub;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.ClusterBus;
import dev.aqueduct.api.spi.HistoryStore;
import dev.aqueduct.api.spi.RoomPublisher;
import dev.aqueduct.core.http.ProblemException;
import dev.aqueduct.core.metrics.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Rooms on this node: publishing (history first, then the cluster bus, which also feeds this node), local
 * subscribers per room, and fan-out. Publishing into one room is serialized so that seq order, history order and
 * delivery order agree.
 */
public final class Hub implements RoomPublisher, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Hub.class.getName());
    static final String CHANNEL_PREFIX = "room.";

    private final HistoryStore history;
    private final ClusterBus bus;
    private final IdempotencyCache idempotency;
    private final Telemetry telemetry;
    private final Clock clock;
    private final ConcurrentHashMap<RoomId, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RoomId, Object> publishLocks = new ConcurrentHashMap<>();
    private final ClusterBus.Subscription busSubscription;
    private final RoomSequencer sequencer;

    /** A hub whose bus delivers every room's messages in seq order (the in-JVM bus). */
    public Hub(HistoryStore history, ClusterBus bus, IdempotencyCache idempotency, Telemetry telemetry, Clock clock) {
        this(history, bus, idempotency, telemetry, clock, null, null);
    }

    /**
     * A hub on a bus shared by several nodes: stored messages are put back into seq order per room, and a gap that
     * stays open for {@code gapWait} is filled from history (see {@link RoomSequencer}).
     */
    public Hub(HistoryStore history, ClusterBus bus, IdempotencyCache idempotency, Telemetry telemetry, Clock clock,
               ScheduledExecutorService scheduler, Duration gapWait) {
        this.history = history;
        this.bus = bus;
        this.idempotency = idempotency;
        this.telemetry = telemetry;
        this.clock = clock;
        this.sequencer = scheduler == null ? null
                : new RoomSequencer(history, r -> subscriberCount(r) > 0, this::fanOut, scheduler, gapWait);
        this.busSubscription = bus.subscribe(CHANNEL_PREFIX, this::onBusMessage);
    }

    public HistoryStore history() {
        return history;
    }

    @Override
    public Envelope publish(RoomId room, String type, String payloadJson) {
        return publish(room, type, payloadJson, null, null);
    }

    /**
     * Publishes a message.
     *
     * @param from           the publisher's subject, stamped by the platform; {@code null} for the system
     * @param idempotencyKey when not null, a retry with the same key (same room and publisher) within the window
     *                       returns the first envelope and publishes nothing
     */
    public Envelope publish(RoomId room, String type, String payloadJson, String from, String idempotencyKey) {
        if (idempotencyKey == null) {
            return doPublish(room, type, payloadJson, from, UUID.randomUUID().toString());
        }
        String scoped = room.value() + '\u0000' + (from == null ? "" : from) + '\u0000' + idempotencyKey;
        return idempotency.computeIfAbsent(scoped,
                () -> doPublish(room, type, payloadJson, from, UUID.randomUUID().toString()));
    }

    private Envelope doPublish(RoomId room, String type, String payloadJson, String from, String id) {
        Envelope draft = new Envelope(Envelope.VERSION, type, room, 0, id, clock.millis(), from, payloadJson);
        Object lock = publishLocks.computeIfAbsent(room, r -> new Object());
        synchronized (lock) {
            Envelope stored;
            try {
                stored = history.append(draft);
            } catch (RuntimeException ex) {
                // a shared history that cannot be reached (broker outage): no node can give out a seq
                LOG.log(Level.FINE, "history append failed in " + room, ex);
                throw ProblemException.unavailable("history-unavailable",
                        "room history is unavailable; the message was not published, retry later", 5);
            }
            telemetry.published(room.value());
            bus.publish(CHANNEL_PREFIX + room.value(), EnvelopeCodec.encode(stored));
            return stored;
        }
    }

    /**
     * Sends a message that is not stored and gets no seq ({@code seq} 0): presence changes and other state that a
     * resume must not replay. It reaches the room's subscribers on every node, like a published message.
     */
    public void broadcast(RoomId room, String type, String payloadJson, String from) {
        Envelope e = new Envelope(Envelope.VERSION, type, room, 0, UUID.randomUUID().toString(), clock.millis(), from,
                payloadJson);
        bus.publish(CHANNEL_PREFIX + room.value(), EnvelopeCodec.encode(e));
    }

    /** Adds a local subscriber to a room. */
    public void subscribe(RoomId room, Subscriber s) {
        if (sequencer != null) {
            try {
                sequencer.track(room);
            } catch (RuntimeException e) {
                // the subscriber's own history read fails the same way and reports it; the room is tracked from
                // its next message
                LOG.log(Level.FINE, "cannot read the position of " + room, e);
            }
        }
        subscribers.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(s);
    }

    public void unsubscribe(RoomId room, Subscriber s) {
        subscribers.computeIfPresent(room, (r, set) -> {
            set.remove(s);
            if (set.isEmpty() && sequencer != null) {
                sequencer.forget(r);
            }
            return set.isEmpty() ? null : set;
        });
    }

    /** Number of local subscribers of a room. */
    public int subscriberCount(RoomId room) {
        Set<Subscriber> set = subscribers.get(room);
        return set == null ? 0 : set.size();
    }

    /** The {@code n} rooms with the most local subscribers, largest first. */
    public Map<RoomId, Integer> largestRooms(int n) {
        Map<RoomId, Integer> top = new LinkedHashMap<>();
        subscribers.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().size()))
                .sorted(Map.Entry.<RoomId, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    private void onBusMessage(ClusterBus.BusMessage m) {
        Envelope e;
        try {
            e = EnvelopeCodec.decode(m.body());
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "dropping undecodable bus message on " + m.channel(), ex);
            return;
        }
        if (sequencer != null && e.seq() > 0) {
            sequencer.accept(e);
        } else {
            fanOut(e);
        }
    }

    /** Fills the open gaps of every room from history now, without waiting; for tests. */
    void fillGaps() {
        if (sequencer != null) {
            sequencer.fillAll();
        }
    }

    private void fanOut(Envelope e) {
        Set<Subscriber> set = subscribers.get(e.room());
        if (set == null) {
            return;
        }
        for (Subscriber s : set) {
            try {
                s.offer(e);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "subscriber failed; removing it from " + e.room(), ex);
                unsubscribe(e.room(), s);
            }
        }
    }

    @Override
    public void close() {
        busSubscription.close();
    }
}
