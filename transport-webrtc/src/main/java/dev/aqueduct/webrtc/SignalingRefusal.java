package dev.aqueduct.webrtc;

/** A {@code /signaling} message the server does not carry out; answered with an {@code error} message. */
final class SignalingRefusal extends Exception {

    final String code;
    final String topic;
    /** A close code to close the connection with after the error was sent, or 0. */
    final int thenClose;

    SignalingRefusal(String code, String message, String topic) {
        this(code, message, topic, 0);
    }

    SignalingRefusal(String code, String message, String topic, int thenClose) {
        super(message, null, false, false);
        this.code = code;
        this.topic = topic;
        this.thenClose = thenClose;
    }

    /** Whether this refusal counts towards the malformed-message limit (the client is broken, not unlucky). */
    boolean isMalformed() {
        return switch (code) {
            case "malformed", "unknown-type", "invalid-field", "invalid-topic" -> true;
            default -> false;
        };
    }
}
