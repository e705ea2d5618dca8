package dev.aqueduct.core.hub;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HistoryStore.Position;
import dev.aqueduct.api.spi.HistoryStore.Replay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MemoryHistoryStoreTest {

    private static final RoomId ROOM = RoomId.of("chat:x");
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private Envelope env(String payload) {
        return new Envelope(1, "t", ROOM, 0, "id", clock.millis(), "a", payload);
    }

    @Test
    void assignsIncreasingSeqAndReplaysExactlyTheMissedOnes() {
        MemoryHistoryStore h = new MemoryHistoryStore(() -> new HistoryBounds(100, 1 << 20, Duration.ofHours(1)), clock);
        Position start = h.position(ROOM);
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, h.append(env(Integer.toString(i))).seq());
        }
        Replay r = h.since(ROOM, new Position(start.epoch(), 2));
        assertTrue(r.recovered());
        assertEquals(3, r.messages().size());
        assertEquals(3, r.messages().get(0).seq());
        assertEquals(5, r.current().seq());
        assertTrue(h.since(ROOM, new Position(start.epoch(), 5)).messages().isEmpty());
        assertTrue(h.since(ROOM, new Position(start.epoch(), 5)).recovered());
    }

    @Test
    void countBoundTrimsAndMakesOldCursorsUnrecoverable() {
        MemoryHistoryStore h = new MemoryHistoryStore(() -> new HistoryBounds(3, 1 << 20, Duration.ofHours(1)), clock);
        String epoch = h.position(ROOM).epoch();
        for (int i = 1; i <= 10; i++) {
            h.append(env("x"));
        }
        assertEquals(3, h.size(ROOM));
        assertFalse(h.since(ROOM, new Position(epoch, 6)).recovered(), "seq 7 was trimmed: never a partial replay");
        assertTrue(h.since(ROOM, new Position(epoch, 7)).recovered());
        assertTrue(h.since(ROOM, new Position(epoch, 7)).messages().size() == 3);
    }

    @Test
    void byteAndAgeBoundsTrim() {
        MemoryHistoryStore h = new MemoryHistoryStore(() -> new HistoryBounds(1000, 1000, Duration.ofMinutes(1)), clock);
        for (int i = 0; i < 10; i++) {
            h.append(env("y".repeat(300)));
        }
        assertTrue(h.size(ROOM) <= 3, "bytes bound: " + h.size(ROOM));
        now.set(now.get().plusSeconds(120));
        String epoch = h.position(ROOM).epoch();
        assertFalse(h.since(ROOM, new Position(epoch, 9)).recovered(), "aged out");
        assertEquals(0, h.size(ROOM));
    }

    @Test
    void foreignEpochOrFutureSeqIsNotRecovered() {
        MemoryHistoryStore h = new MemoryHistoryStore(() -> new HistoryBounds(10, 1 << 20, Duration.ofHours(1)), clock);
        h.append(env("1"));
        String epoch = h.position(ROOM).epoch();
        assertFalse(h.since(ROOM, new Position("other", 0)).recovered());
        assertFalse(h.since(ROOM, new Position(epoch, 99)).recovered());
        h.clear(ROOM);
        assertNotEquals(epoch, h.position(ROOM).epoch(), "losing history changes the epoch");
    }
}
