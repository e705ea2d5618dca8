package dev.aqueduct.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HistoryStore.Position;
import dev.aqueduct.api.spi.HistoryStore.Replay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link HistoryStore} must have: seq assignment, exact replay or not recovered (never a
 * partial list), trimming oldest first by count, bytes and age, and epochs that change when history is lost. A
 * store's test extends this class and makes stores with given bounds on a clock the test moves; stores shared by
 * several nodes also make a second instance on the same data. Every test uses fresh room ids.
 */
public abstract class HistoryStoreContract {

    /** How much a store under test keeps, like {@code aqueduct.history.*}. */
    protected record Bounds(int maxMessages, long maxBytes, Duration maxAge) {
    }

    /** A clock the tests move forward. */
    protected static final class TestClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        public void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    protected final TestClock clock = new TestClock();

    /** A store with these bounds on {@link #clock}. */
    protected abstract HistoryStore newStore(Bounds bounds);

    /** A second store on the same data as {@code first} (another node); {@code null} if the store is not shared. */
    protected HistoryStore secondNode(HistoryStore first, Bounds bounds) {
        return null;
    }

    private static final Bounds ROOMY = new Bounds(1000, 1 << 20, Duration.ofHours(1));

    private static RoomId newRoom() {
        return RoomId.of("chat:contract-" + UUID.randomUUID());
    }

    private Envelope draft(RoomId room, String payload, String from) {
        return new Envelope(Envelope.VERSION, "chat.message", room, 0, UUID.randomUUID().toString(), clock.millis(),
                from, payload);
    }

    private static List<Long> seqs(List<Envelope> list) {
        return list.stream().map(Envelope::seq).toList();
    }

    @Test
    void newRoomStartsAtSeqZeroWithAStableEpoch() {
        HistoryStore h = newStore(ROOMY);
        RoomId room = newRoom();
        Position p = h.position(room);
        assertEquals(0, p.seq());
        assertFalse(p.epoch().isEmpty());
        assertEquals(p, h.position(room));
        Replay r = h.since(room, p);
        assertTrue(r.recovered());
        assertEquals(List.of(), r.messages());
    }

    @Test
    void appendAssignsIncreasingSeqsAndKeepsEveryField() {
        HistoryStore h = newStore(ROOMY);
        RoomId room = newRoom();
        String epoch = h.position(room).epoch();
        Envelope withFrom = draft(room, "{\"text\":\"h\u00e9llo \u2603\"}", "alice");
        Envelope system = draft(room, "{}", null);
        Envelope a = h.append(withFrom);
        Envelope b = h.append(system);
        assertEquals(withFrom.withSeq(1), a);
        assertEquals(system.withSeq(2), b);
        Replay r = h.since(room, new Position(epoch, 0));
        assertTrue(r.recovered());
        assertEquals(List.of(a, b), r.messages());
        assertEquals(new Position(epoch, 2), r.current());
    }

    @Test
    void replaysExactlyTheMessagesAfterTheCursor() {
        HistoryStore h = newStore(ROOMY);
        RoomId room = newRoom();
        String epoch = h.position(room).epoch();
        for (int i = 1; i <= 5; i++) {
            h.append(draft(room, Integer.toString(i), "a"));
        }
        Replay r = h.since(room, new Position(epoch, 2));
        assertTrue(r.recovered());
        assertEquals(List.of(3L, 4L, 5L), seqs(r.messages()));
        assertEquals(List.of("3", "4", "5"), r.messages().stream().map(Envelope::payload).toList());
        Replay none = h.since(room, new Position(epoch, 5));
        assertTrue(none.recovered());
        assertEquals(List.of(), none.messages());
    }

    @Test
    void unknownEpochFutureSeqAndNegativeSeqAreNotRecovered() {
        HistoryStore h = newStore(ROOMY);
        RoomId room = newRoom();
        String epoch = h.position(room).epoch();
        h.append(draft(room, "1", "a"));
        for (Position bad : List.of(new Position("not-" + epoch, 0), new Position(epoch, 2),
                new Position(epoch, -1))) {
            Replay r = h.since(room, bad);
            assertFalse(r.recovered(), bad.toString());
            assertEquals(List.of(), r.messages());
            assertEquals(new Position(epoch, 1), r.current());
        }
    }

    @Test
    void countBoundTrimsOldestFirstAndNeverReplaysPartially() {
        HistoryStore h = newStore(new Bounds(3, 1 << 20, Duration.ofHours(1)));
        RoomId room = newRoom();
        String epoch = h.position(room).epoch();
        for (int i = 1; i <= 10; i++) {
            h.append(draft(room, "x", "a"));
        }
        Replay partial = h.since(room, new Position(epoch, 6));
        assertFalse(partial.recovered(), "seq 7 was trimmed");
        assertEquals(List.of(), partial.messages());
        assertEquals(List.of(8L, 9L, 10L), seqs(h.since(room, new Position(epoch, 7)).messages()));
    }

    @Test
    void byteBoundTrims() {
        RoomId room = newRoom();
        long size = draft(room, "y".repeat(300), "a").approximateBytes();
        HistoryStore h = newStore(new Bounds(1000, 3 * size, Duration.ofHours(1)));
        String epoch = h.position(room).epoch();
        for (int i = 0; i < 10; i++) {
            h.append(draft(room, "y".repeat(300), "a"));
        }
        assertEquals(List.of(8L, 9L, 10L), seqs(h.since(room, new Position(epoch, 7)).messages()),
                "three messages of this size fit the byte bound exactly");
        assertFalse(h.since(room, new Position(epoch, 6)).recovered());
    }

    @Test
    void ageBoundTrims() {
        HistoryStore h = newStore(new Bounds(1000, 1 << 20, Duration.ofMinutes(1)));
        RoomId room = newRoom();
        String epoch = h.position(room).epoch();
        h.append(draft(room, "old", "a"));
        clock.advance(Duration.ofSeconds(45));
        h.append(draft(room, "newer", "a"));
        clock.advance(Duration.ofSeconds(30));
        assertFalse(h.since(room, new Position(epoch, 0)).recovered(), "the first message is 75 s old");
        Replay r = h.since(room, new Position(epoch, 1));
        assertTrue(r.recovered());
        assertEquals(List.of("newer"), r.messages().stream().map(Envelope::payload).toList());
        clock.advance(Duration.ofSeconds(60));
        assertFalse(h.since(room, new Position(epoch, 1)).recovered());
        assertTrue(h.since(room, new Position(epoch, 2)).recovered(), "nothing missed is still recovered");
    }

    @Test
    void clearChangesTheEpoch() {
        HistoryStore h = newStore(ROOMY);
        RoomId room = newRoom();
        String epoch = h.position(room).epoch();
        h.append(draft(room, "1", "a"));
        h.clear(room);
        Position after = h.position(room);
        assertNotEquals(epoch, after.epoch());
        assertEquals(0, after.seq());
        assertFalse(h.since(room, new Position(epoch, 1)).recovered());
        assertEquals(1, h.append(draft(room, "again", "a")).seq());
    }

    @Test
    void concurrentAppendsGetDistinctContiguousSeqs() throws Exception {
        HistoryStore h = newStore(ROOMY);
        HistoryStore other = secondNode(h, ROOMY);
        RoomId room = newRoom();
        String epoch = h.position(room).epoch();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                HistoryStore target = other != null && t % 2 == 1 ? other : h;
                futures.add(pool.submit(() -> {
                    List<Long> got = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        got.add(target.append(draft(room, "c", "a")).seq());
                    }
                    return got;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : futures) {
                List<Long> got = f.get();
                for (int i = 1; i < got.size(); i++) {
                    assertTrue(got.get(i) > got.get(i - 1), "seqs increase within one publisher");
                }
                all.addAll(got);
            }
            assertEquals(200, all.size());
            Replay r = h.since(room, new Position(epoch, 0));
            assertTrue(r.recovered());
            List<Long> expected = new ArrayList<>();
            for (long s = 1; s <= 200; s++) {
                expected.add(s);
            }
            assertEquals(expected, seqs(r.messages()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSecondNodeSeesTheSameEpochSeqAndHistory() {
        HistoryStore h = newStore(ROOMY);
        HistoryStore other = secondNode(h, ROOMY);
        assumeTrue(other != null, "the store is not shared between nodes");
        RoomId room = newRoom();
        Position p = h.position(room);
        assertEquals(p, other.position(room));
        Envelope one = h.append(draft(room, "from node a", "a"));
        Envelope two = other.append(draft(room, "from node b", "b"));
        assertEquals(2, two.seq());
        Replay r = other.since(room, p);
        assertTrue(r.recovered());
        assertEquals(List.of(one, two), r.messages());
        other.clear(room);
        assertNotEquals(p.epoch(), h.position(room).epoch());
    }
}
