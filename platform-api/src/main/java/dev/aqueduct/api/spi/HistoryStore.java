package dev.aqueduct.api.spi;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import java.util.List;

/**
 * Keeps recent room messages so clients can resume after a disconnect. The store assigns {@code seq}: in a cluster
 * it must be global per room, not per node.
 */
public interface HistoryStore {

    /** Where a room's history stands. {@code epoch} changes whenever history was lost (e.g. restart of a memory store). */
    record Position(String epoch, long seq) {
    }

    /**
     * The result of a resume request: either every message after the requested position ({@code recovered}), or
     * none at all (never a partial list).
     */
    record Replay(boolean recovered, Position current, List<Envelope> messages) {
    }

    /** Stores a message, giving it the room's next seq; returns it as stored. */
    Envelope append(Envelope envelope);

    /** The current position of a room (creating its epoch when the room is new). */
    Position position(RoomId room);

    /**
     * Every message after {@code since} in order, when history still covers them and the epoch matches; otherwise
     * {@code recovered=false} and an empty list.
     */
    Replay since(RoomId room, Position since);

    /** Forgets a room's history; its epoch changes. */
    void clear(RoomId room);
}
