package dev.aqueduct.core.hub;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HistoryStore.Position;
import dev.aqueduct.api.spi.HistoryStore.Replay;
import dev.aqueduct.core.metrics.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HubTest {

    private final Clock clock = Clock.systemUTC();
    private final Hub hub = new Hub(new MemoryHistoryStore(() -> new HistoryBounds(100, 1 << 20, Duration.ofHours(1)), clock),
            new InJvmClusterBus(), new IdempotencyCache(() -> Duration.ofMinutes(5), 1000, clock), Telemetry.NOOP, clock);

    @Test
    void fansOutToSubscribersOfTheRoomOnlyInOrder() {
        RoomId a = RoomId.of("chat:a");
        List<Envelope> gotA = new ArrayList<>();
        List<Envelope> gotB = new ArrayList<>();
        hub.subscribe(a, gotA::add);
        hub.subscribe(RoomId.of("chat:b"), gotB::add);
        hub.publish(a, "t", "{\"n\":1}", "alice", null);
        hub.publish(a, "t", "2", null, null);
        assertEquals(2, gotA.size());
        assertTrue(gotB.isEmpty());
        assertEquals(List.of(1L, 2L), gotA.stream().map(Envelope::seq).toList());
        assertEquals("{\"n\":1}", gotA.get(0).payload());
        assertEquals("alice", gotA.get(0).from());
    }

    @Test
    void idempotencyKeyPublishesOncePerRoomAndPublisher() {
        RoomId a = RoomId.of("chat:idem");
        List<Envelope> got = new ArrayList<>();
        hub.subscribe(a, got::add);
        Envelope first = hub.publish(a, "t", "1", "alice", "k");
        Envelope again = hub.publish(a, "t", "1", "alice", "k");
        Envelope otherPublisher = hub.publish(a, "t", "1", "bob", "k");
        assertEquals(first, again);
        assertNotEquals(first.id(), otherPublisher.id());
        assertEquals(2, got.size());
    }

    @Test
    void aFailingSubscriberIsRemovedAndDoesNotStopOthers() {
        RoomId a = RoomId.of("chat:fail");
        List<Envelope> got = new ArrayList<>();
        hub.subscribe(a, e -> {
            throw new IllegalStateException("broken");
        });
        hub.subscribe(a, got::add);
        hub.publish(a, "t", "1");
        hub.publish(a, "t", "2");
        assertEquals(2, got.size());
        assertEquals(1, hub.subscriberCount(a));
    }

    @Test
    void envelopeCodecRoundTrips() {
        Envelope e = new Envelope(1, "t", RoomId.of("doc:é"), 42, "id", 7, null, "{\"x\":\"ü\"}");
        assertEquals(e, EnvelopeCodec.decode(EnvelopeCodec.encode(e)));
        byte[] bytes = EnvelopeCodec.encode(e);
        assertThrows(RuntimeException.class, () -> EnvelopeCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)));
    }

    @Test
    void anUnreachableHistoryIsA503AndPublishesNothing() {
        dev.aqueduct.api.spi.HistoryStore down = new dev.aqueduct.api.spi.HistoryStore() {
            @Override
            public Envelope append(Envelope envelope) {
                throw new IllegalStateException("broker at 10.0.0.5:6379 is unreachable");
            }

            @Override
            public Position position(RoomId room) {
                throw new IllegalStateException("unreachable");
            }

            @Override
            public Replay since(RoomId room, Position since) {
                throw new IllegalStateException("unreachable");
            }

            @Override
            public void clear(RoomId room) {
            }
        };
        InJvmClusterBus bus = new InJvmClusterBus();
        List<String> onBus = new ArrayList<>();
        bus.subscribe("", m -> onBus.add(m.channel()));
        Hub h = new Hub(down, bus, new IdempotencyCache(() -> Duration.ofMinutes(5), 1000, clock), Telemetry.NOOP, clock);
        var e = assertThrows(dev.aqueduct.core.http.ProblemException.class,
                () -> h.publish(RoomId.of("chat:down"), "t", "1"));
        assertEquals(503, e.problem().status());
        assertFalse(e.problem().detail().contains("10.0.0.5"), "no internal addresses for clients");
        assertEquals("5", e.headers().get("Retry-After"));
        assertEquals(List.of(), onBus);
    }
}
