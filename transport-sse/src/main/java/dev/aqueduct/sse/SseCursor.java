package dev.aqueduct.sse;

import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HistoryStore.Position;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SSE event id: an opaque cursor holding the position ({@code epoch}, {@code seq}) of every room of the stream,
 * so one {@code Last-Event-ID} resumes all of them. Form: {@code "1"} followed by unpadded base64url of lines
 * {@code room TAB epoch TAB seq}. Room ids cannot contain tabs or newlines, so the form is unambiguous.
 */
public final class SseCursor {

    static final int MAX_LENGTH = 16 * 1024;
    private static final char VERSION = '1';

    private SseCursor() {
    }

    public static String encode(Map<RoomId, Position> positions) {
        StringBuilder sb = new StringBuilder(positions.size() * 40);
        for (Map.Entry<RoomId, Position> e : positions.entrySet()) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(e.getKey().value()).append('\t').append(e.getValue().epoch()).append('\t')
                    .append(e.getValue().seq());
        }
        return VERSION + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a cursor.
     *
     * @throws IllegalArgumentException with a readable message when it is not one of ours
     */
    public static Map<RoomId, Position> decode(String cursor) {
        if (cursor == null || cursor.length() < 2 || cursor.length() > MAX_LENGTH || cursor.charAt(0) != VERSION) {
            throw new IllegalArgumentException("not an Aqueduct event id");
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor.substring(1)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event id is not valid base64url");
        }
        Map<RoomId, Position> out = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            String[] parts = line.split("\t", -1);
            if (parts.length != 3 || parts[1].isEmpty() || parts[1].length() > 64) {
                throw new IllegalArgumentException("event id has a malformed entry");
            }
            String problem = RoomId.problem(parts[0]);
            if (problem != null) {
                throw new IllegalArgumentException("event id names an invalid room: " + problem);
            }
            long seq;
            try {
                seq = Long.parseLong(parts[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("event id has a malformed sequence number");
            }
            if (seq < 0) {
                throw new IllegalArgumentException("event id has a negative sequence number");
            }
            out.put(RoomId.of(parts[0]), new Position(parts[1], seq));
        }
        return out;
    }
}
