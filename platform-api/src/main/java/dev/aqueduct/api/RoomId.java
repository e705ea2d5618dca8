package dev.aqueduct.api;

/**
 * A room identifier of the form {@code namespace:name}, for example {@code doc:article-42} or {@code chat:lobby}.
 * A room is the unit of access control, fan-out and history; a collaborative document lives in the room of the
 * same id.
 *
 * <p>Rules: 1 to {@value #MAX_LENGTH} characters, exactly one namespace made of {@code [a-z0-9_-]} before the first
 * colon, a non-empty name after it, and no control characters or whitespace anywhere.
 *
 * @param value the full id
 */
public record RoomId(String value) implements Comparable<RoomId> {

    /** The longest room id accepted, in UTF-16 code units. */
    public static final int MAX_LENGTH = 200;

    public RoomId {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Parses a room id, throwing {@link IllegalArgumentException} with a readable message when it is invalid. */
    public static RoomId of(String value) {
        return new RoomId(value);
    }

    /** Returns why {@code value} is not a valid room id, or {@code null} if it is one. */
    public static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "room id is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "room id is longer than " + MAX_LENGTH + " characters";
        }
        int colon = value.indexOf(':');
        if (colon <= 0) {
            return "room id must look like namespace:name";
        }
        if (colon == value.length() - 1) {
            return "room id has an empty name after the namespace";
        }
        for (int i = 0; i < colon; i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return "room namespace may only contain a-z, 0-9, '_' and '-'";
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                return "room id contains a control or whitespace character";
            }
        }
        return null;
    }

    /** The part before the first colon. */
    public String namespace() {
        return value.substring(0, value.indexOf(':'));
    }

    /** The part after the first colon. */
    public String name() {
        return value.substring(value.indexOf(':') + 1);
    }

    /**
     * Whether this room matches a grant pattern: an exact id, {@code *} for every room, or a prefix ending in
     * {@code *} such as {@code chat:*} or {@code doc:team-a/*}.
     */
    public boolean matches(String pattern) {
        if (pattern.endsWith("*")) {
            return value.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return value.equals(pattern);
    }

    @Override
    public int compareTo(RoomId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
