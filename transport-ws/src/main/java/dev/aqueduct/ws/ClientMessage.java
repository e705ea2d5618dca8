package dev.aqueduct.ws;

import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HistoryStore.Position;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** One decoded client message, with typed and checked access to its fields. */
final class ClientMessage {

    static final int MAX_REF_LENGTH = 64;

    final JsonObject fields;
    final String op;
    final JsonValue ref;

    private ClientMessage(JsonObject fields, String op, JsonValue ref) {
        this.fields = fields;
        this.op = op;
        this.ref = ref;
    }

    static ClientMessage of(JsonValue v) throws Refusal {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Refusal("malformed", "a message must be an object with an 'op' field");
        }
        JsonObject o = v.asJsonObject();
        JsonValue ref = o.get("ref");
        if (ref != null && !(ref.getValueType() == JsonValue.ValueType.NUMBER
                || ref.getValueType() == JsonValue.ValueType.STRING
                && ((JsonString) ref).getString().length() <= MAX_REF_LENGTH)) {
            throw new Refusal("invalid-field", "'ref' must be a number or a string of at most " + MAX_REF_LENGTH
                    + " characters");
        }
        JsonValue op = o.get("op");
        if (op == null) {
            throw new Refusal("malformed", "the message has no 'op' field").withRef(ref);
        }
        if (op.getValueType() != JsonValue.ValueType.STRING) {
            throw new Refusal("malformed", "'op' must be a string").withRef(ref);
        }
        return new ClientMessage(o, ((JsonString) op).getString(), ref);
    }

    /** A required string field of {@code min} to {@code max} characters. */
    String string(String name, int min, int max) throws Refusal {
        String s = optionalString(name, min, max);
        if (s == null) {
            throw new Refusal("invalid-field", "'" + name + "' is required");
        }
        return s;
    }

    String optionalString(String name, int min, int max) throws Refusal {
        JsonValue v = fields.get(name);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw new Refusal("invalid-field", "'" + name + "' must be a string");
        }
        String s = ((JsonString) v).getString();
        if (s.length() < min || s.length() > max) {
            throw new Refusal("invalid-field", "'" + name + "' must be " + min + " to " + max + " characters");
        }
        return s;
    }

    boolean bool(String name, boolean defaultValue) throws Refusal {
        JsonValue v = fields.get(name);
        if (v == null || v == JsonValue.NULL) {
            return defaultValue;
        }
        if (v != JsonValue.TRUE && v != JsonValue.FALSE) {
            throw new Refusal("invalid-field", "'" + name + "' must be true or false");
        }
        return v == JsonValue.TRUE;
    }

    /** A field that must be present; JSON null is a value. */
    JsonValue required(String name) throws Refusal {
        JsonValue v = fields.get(name);
        if (v == null) {
            throw new Refusal("invalid-field", "'" + name + "' is required");
        }
        return v;
    }

    RoomId room() throws Refusal {
        JsonValue v = fields.get("room");
        if (v == null) {
            throw new Refusal("invalid-field", "'room' is required");
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw new Refusal("invalid-field", "'room' must be a room id string such as chat:lobby");
        }
        String s = ((JsonString) v).getString();
        String problem = RoomId.problem(s);
        if (problem != null) {
            throw new Refusal("invalid-room", problem);
        }
        return RoomId.of(s);
    }

    /** The optional resume position {@code since: {epoch, seq}}. */
    Position since() throws Refusal {
        JsonValue v = fields.get("since");
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Refusal("invalid-field", "'since' must be an object {epoch, seq}");
        }
        JsonObject s = v.asJsonObject();
        JsonValue epoch = s.get("epoch");
        JsonValue seq = s.get("seq");
        if (epoch == null || epoch.getValueType() != JsonValue.ValueType.STRING
                || ((JsonString) epoch).getString().isEmpty() || ((JsonString) epoch).getString().length() > 100) {
            throw new Refusal("invalid-field", "'since.epoch' must be a non-empty string");
        }
        if (seq == null || seq.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) seq).isIntegral()
                || ((JsonNumber) seq).bigDecimalValue().signum() < 0
                || ((JsonNumber) seq).bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new Refusal("invalid-field", "'since.seq' must be a whole number of at least 0");
        }
        return new Position(((JsonString) epoch).getString(), ((JsonNumber) seq).longValue());
    }
}
