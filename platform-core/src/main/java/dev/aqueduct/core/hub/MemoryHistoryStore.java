package dev.aqueduct.core.hub;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HistoryStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Room history in this JVM: a ring per room bounded by count, bytes and age. Epochs are random per room and per
 * process, so after a restart every resume is reported as not recovered rather than silently wrong.
 */
public final class MemoryHistoryStore implements HistoryStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<HistoryBounds> bounds;
    private final Clock clock;
    private final ConcurrentHashMap<RoomId, Ring> rooms = new ConcurrentHashMap<>();

    public MemoryHistoryStore(Supplier<HistoryBounds> bounds, Clock clock) {
        this.bounds = bounds;
        this.clock = clock;
    }

    @Override
    public Envelope append(Envelope envelope) {
        Ring r = ring(envelope.room());
        synchronized (r) {
            Envelope stored = envelope.withSeq(++r.seq);
            r.items.addLast(stored);
            r.bytes += stored.approximateBytes();
            r.trim(bounds.get(), clock.millis());
            return stored;
        }
    }

    @Override
    public Position position(RoomId room) {
        Ring r = ring(room);
        synchronized (r) {
            return new Position(r.epoch, r.seq);
        }
    }

    @Override
    public Replay since(RoomId room, Position since) {
        Ring r = ring(room);
        synchronized (r) {
            r.trim(bounds.get(), clock.millis());
            Position current = new Position(r.epoch, r.seq);
            if (!r.epoch.equals(since.epoch()) || since.seq() > r.seq || since.seq() < 0) {
                return new Replay(false, current, List.of());
            }
            if (since.seq() == r.seq) {
                return new Replay(true, current, List.of());
            }
            Envelope first = r.items.peekFirst();
            if (first == null || first.seq() > since.seq() + 1) {
                return new Replay(false, current, List.of());
            }
            List<Envelope> out = new ArrayList<>((int) (r.seq - since.seq()));
            for (Envelope e : r.items) {
                if (e.seq() > since.seq()) {
                    out.add(e);
                }
            }
            return new Replay(true, current, out);
        }
    }

    @Override
    public void clear(RoomId room) {
        rooms.remove(room);
    }

    /** Number of messages retained for a room; for metrics and tests. */
    public int size(RoomId room) {
        Ring r = rooms.get(room);
        if (r == null) {
            return 0;
        }
        synchronized (r) {
            return r.items.size();
        }
    }

    private Ring ring(RoomId room) {
        return rooms.computeIfAbsent(room, k -> new Ring(newEpoch()));
    }

    static String newEpoch() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        StringBuilder sb = new StringBuilder(12);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }

    private static final class Ring {
        final String epoch;
        final ArrayDeque<Envelope> items = new ArrayDeque<>();
        long seq;
        long bytes;

        Ring(String epoch) {
            this.epoch = epoch;
        }

        void trim(HistoryBounds b, long nowMillis) {
            long oldest = nowMillis - b.maxAge().toMillis();
            Iterator<Envelope> it = items.iterator();
            while (it.hasNext()) {
                Envelope e = it.next();
                if (items.size() > b.maxMessages() || bytes > b.maxBytes() || e.ts() < oldest) {
                    it.remove();
                    bytes -= e.approximateBytes();
                } else {
                    break;
                }
            }
        }
    }
}
