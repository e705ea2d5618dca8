package dev.aqueduct.ws;

import dev.aqueduct.api.RoomId;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** Builders of the server's messages (other than {@code msg}, see {@link EncodedEnvelope}). */
final class Messages {

    private Messages() {
    }

    static JsonObjectBuilder op(String op, JsonValue ref) {
        JsonObjectBuilder b = EncodedEnvelope.JSON.createObjectBuilder().add("op", op);
        if (ref != null) {
            b.add("ref", ref);
        }
        return b;
    }

    static JsonObject error(String code, String message, JsonValue ref, String op, RoomId room, Long retryAfterMs) {
        JsonObjectBuilder b = op("error", ref).add("code", code).add("message", message == null ? code : message);
        if (op != null) {
            b.add("refused", op);
        }
        if (room != null) {
            b.add("room", room.value());
        }
        if (retryAfterMs != null) {
            b.add("retryAfterMs", retryAfterMs);
        }
        return b.build();
    }
}
