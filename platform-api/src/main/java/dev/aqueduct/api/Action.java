package dev.aqueduct.api;

/**
 * What a principal wants to do in a room. Room grants in tokens abbreviate each action by one letter.
 */
public enum Action {
    /** Subscribe to a room, read its history, sync a document. Letter {@code r}. */
    READ('r'),
    /** Publish to a room, send document updates. Letter {@code w}. */
    WRITE('w'),
    /** Announce presence or awareness (cursors, who is online). Letter {@code p}. */
    PRESENCE('p'),
    /** Exchange WebRTC signaling messages in a room. Letter {@code s}. */
    SIGNAL('s'),
    /** Administer a room: close it, restore versions, read the audit trail. Letter {@code a}. */
    ADMIN('a');

    private final char letter;

    Action(char letter) {
        this.letter = letter;
    }

    /** The one-letter abbreviation used in room grants. */
    public char letter() {
        return letter;
    }

    /**
     * The action for a grant letter.
     *
     * @throws IllegalArgumentException if the letter names no action
     */
    public static Action ofLetter(char letter) {
        for (Action a : values()) {
            if (a.letter == Character.toLowerCase(letter)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action letter '" + letter + "' (expected one of r, w, p, s, a)");
    }
}
