package dev.aqueduct.core.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.ClusterBus;
import dev.aqueduct.api.spi.HistoryStore.Position;
import dev.aqueduct.api.spi.HistoryStore.Replay;
import dev.aqueduct.core.metrics.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A hub on a shared bus: the test decides in which order, and whether at all, bus messages arrive. */
class HubSequencingTest {

    /** Holds what is published until the test delivers it. */
    static final class HeldBus implements ClusterBus {
        final List<BusMessage> published = new ArrayList<>();
        Consumer<BusMessage> handler;

        @Override
        public void publish(String channel, byte[] message) {
            published.add(new BusMessage(channel, message));
        }

        @Override
        public Subscription subscribe(String channelPrefix, Consumer<BusMessage> h) {
            handler = h;
            return () -> handler = null;
        }

        /** Delivers published messages by position (0-based), in the order given. */
        void deliver(int... indexes) {
            for (int i : indexes) {
                handler.accept(published.get(i));
            }
        }
    }

    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HeldBus bus = new HeldBus();
    private final RoomId room = RoomId.of("chat:seq");

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** The gap wait is long, so gaps are filled only when the test calls fillGaps(). */
    private Hub hub(int maxMessages) {
        return new Hub(new MemoryHistoryStore(() -> new HistoryBounds(maxMessages, 1 << 20, Duration.ofHours(1)), clock),
                bus, new IdempotencyCache(() -> Duration.ofMinutes(5), 1000, clock), Telemetry.NOOP, clock, scheduler,
                Duration.ofHours(1));
    }

    private static List<Long> seqs(List<Envelope> got) {
        return got.stream().map(Envelope::seq).toList();
    }

    @Test
    void earlyMessagesWaitForTheOnesBefore() {
        Hub hub = hub(100);
        List<Envelope> got = new ArrayList<>();
        hub.subscribe(room, got::add);
        for (int i = 0; i < 4; i++) {
            hub.publish(room, "t", Integer.toString(i));
        }
        bus.deliver(2, 1);
        assertEquals(List.of(), seqs(got), "seq 1 has not arrived");
        bus.deliver(0);
        assertEquals(List.of(1L, 2L, 3L), seqs(got));
        bus.deliver(3, 3, 1);
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(got), "duplicates and old seqs are dropped");
    }

    @Test
    void aMessageThatNeverArrivesIsReadFromHistory() {
        Hub hub = hub(100);
        List<Envelope> got = new ArrayList<>();
        hub.subscribe(room, got::add);
        for (int i = 0; i < 3; i++) {
            hub.publish(room, "t", Integer.toString(i));
        }
        bus.deliver(0, 2);
        assertEquals(List.of(1L), seqs(got));
        hub.fillGaps();
        assertEquals(List.of(1L, 2L, 3L), seqs(got));
        assertEquals("1", got.get(1).payload(), "the message from history is the stored one");
    }

    @Test
    void aGapHistoryNoLongerCoversIsSkipped() {
        Hub hub = hub(2);
        List<Envelope> got = new ArrayList<>();
        hub.subscribe(room, got::add);
        for (int i = 0; i < 5; i++) {
            hub.publish(room, "t", Integer.toString(i));
        }
        bus.deliver(0, 4);
        hub.fillGaps();
        assertEquals(List.of(1L, 5L), seqs(got), "2 and 3 were trimmed: the room moves on, never stuck");
        bus.deliver(3);
        assertEquals(List.of(1L, 5L), seqs(got));
    }

    @Test
    void aRoomStartsAtItsPositionWhenItGetsItsFirstLocalSubscriber() {
        Hub hub = hub(100);
        hub.publish(room, "t", "before");
        List<Envelope> got = new ArrayList<>();
        hub.subscribe(room, got::add);
        hub.publish(room, "t", "after");
        bus.deliver(1, 0);
        assertEquals(List.of(2L), seqs(got), "seq 1 predates the subscriber; its own history read covers it");
    }

    @Test
    void broadcastsAreNotSequenced() {
        Hub hub = hub(100);
        List<Envelope> got = new ArrayList<>();
        hub.subscribe(room, got::add);
        hub.publish(room, "t", "stored");
        hub.broadcast(room, "presence", "{}", "alice");
        bus.deliver(1);
        assertEquals(List.of(0L), seqs(got));
    }

    @Test
    void aRoomWhosePositionCouldNotBeReadIsTrackedFromItsNextMessage() {
        MemoryHistoryStore memory = new MemoryHistoryStore(() -> new HistoryBounds(100, 1 << 20, Duration.ofHours(1)),
                clock);
        java.util.concurrent.atomic.AtomicBoolean reachable = new java.util.concurrent.atomic.AtomicBoolean(false);
        dev.aqueduct.api.spi.HistoryStore flaky = new dev.aqueduct.api.spi.HistoryStore() {
            @Override
            public Envelope append(Envelope envelope) {
                return memory.append(envelope);
            }

            @Override
            public Position position(RoomId r) {
                if (!reachable.get()) {
                    throw new IllegalStateException("broker down");
                }
                return memory.position(r);
            }

            @Override
            public Replay since(RoomId r, Position since) {
                return memory.since(r, since);
            }

            @Override
            public void clear(RoomId r) {
                memory.clear(r);
            }
        };
        Hub hub = new Hub(flaky, bus, new IdempotencyCache(() -> Duration.ofMinutes(5), 1000, clock), Telemetry.NOOP,
                clock, scheduler, Duration.ofHours(1));
        List<Envelope> got = new ArrayList<>();
        hub.subscribe(room, got::add);
        assertEquals(1, hub.subscriberCount(room), "subscribed although the position could not be read");
        for (int i = 0; i < 3; i++) {
            hub.publish(room, "t", Integer.toString(i));
        }
        bus.deliver(0, 2, 1);
        assertEquals(List.of(1L, 2L, 3L), seqs(got), "tracked from the first message that arrived");
    }
}
