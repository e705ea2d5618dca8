package dev.aqueduct.api;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A permission carried by a principal: the actions it may take in the rooms matching a pattern.
 * In tokens a grant is written as pattern and action letters, for example {@code "chat:*": "rwp"}.
 *
 * @param pattern an exact room id, {@code *}, or a prefix ending in {@code *} (see {@link RoomId#matches})
 * @param actions the actions granted
 */
public record RoomGrant(String pattern, Set<Action> actions) {

    public RoomGrant {
        Objects.requireNonNull(pattern, "pattern");
        actions = actions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actions));
    }

    /**
     * Parses action letters such as {@code "rwp"}.
     *
     * @throws IllegalArgumentException on a letter that names no action
     */
    public static RoomGrant parse(String pattern, String letters) {
        EnumSet<Action> set = EnumSet.noneOf(Action.class);
        for (char c : letters.toCharArray()) {
            set.add(Action.ofLetter(c));
        }
        return new RoomGrant(pattern, set);
    }

    /** Whether this grant allows {@code action} in {@code room}. */
    public boolean allows(RoomId room, Action action) {
        return actions.contains(action) && room.matches(pattern);
    }
}
