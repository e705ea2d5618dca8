package dev.aqueduct.api;

import java.util.Objects;

/**
 * A message on the room bus and in history. On the wire it is a JSON object (text frames) or a CBOR map (binary
 * frames) with exactly these fields.
 *
 * @param v       envelope format version, currently {@value #VERSION}
 * @param type    application message type, for example {@code chat.message}; at most 100 characters
 * @param room    the room it was published to
 * @param seq     its position in the room's history; strictly increasing within one epoch of the room
 * @param id      a unique id given by the platform
 * @param ts      when the platform accepted it, in milliseconds since the epoch
 * @param from    subject of the publisher, stamped by the platform (never trusted from the client);
 *                {@code null} for system messages
 * @param payload the application data as JSON text, delivered unchanged
 */
public record Envelope(int v, String type, RoomId room, long seq, String id, long ts, String from, String payload) {

    /** The current envelope format version. */
    public static final int VERSION = 1;

    public Envelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
    }

    /** A copy of this envelope with its position in history. */
    public Envelope withSeq(long newSeq) {
        return new Envelope(v, type, room, newSeq, id, ts, from, payload);
    }

    /** An approximation of the memory and wire size of this envelope, used for history and queue bounds. */
    public int approximateBytes() {
        return 96 + type.length() + room.value().length() + id.length()
                + (from == null ? 0 : from.length()) + payload.length();
    }
}
