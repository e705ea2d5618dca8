package dev.aqueduct.ws;

import dev.aqueduct.api.RoomId;

/** A client message the server does not carry out; answered with an {@code error} message of this code. */
final class Refusal extends Exception {

    final String code;
    final RoomId room;
    final Long retryAfterMs;
    /** The refused message's {@code ref}, for refusals raised before the message could be read as a whole. */
    jakarta.json.JsonValue ref;
    /** A close code to close the connection with after the error was sent, or 0. */
    int thenClose;

    Refusal(String code, String message) {
        this(code, message, null, null);
    }

    Refusal(String code, String message, RoomId room) {
        this(code, message, room, null);
    }

    Refusal(String code, String message, RoomId room, Long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.room = room;
        this.retryAfterMs = retryAfterMs;
    }

    Refusal withRef(jakarta.json.JsonValue r) {
        ref = r;
        return this;
    }

    Refusal thenClose(int code) {
        thenClose = code;
        return this;
    }

    /** Whether this refusal counts towards the malformed-message limit (the client is broken, not unlucky). */
    boolean isMalformed() {
        return switch (code) {
            case "malformed", "unknown-op", "invalid-field", "invalid-room", "hello-required" -> true;
            default -> false;
        };
    }
}
