package dev.aqueduct.ws;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.core.http.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;

/**
 * The frames of one envelope, encoded at most once per format however many connections receive it. Fan-out of one
 * envelope runs on one thread, so a one-entry cache per thread is enough.
 */
final class EncodedEnvelope {

    /** Envelope type of presence changes (sent with {@code Hub.broadcast}, never stored). */
    static final String PRESENCE_TYPE = "$presence";
    static final JsonProvider JSON = JsonProvider.provider();

    private static final ThreadLocal<EncodedEnvelope> CURRENT = ThreadLocal.withInitial(EncodedEnvelope::new);

    private Envelope envelope;
    private String json;
    private byte[] cbor;

    static Object frameFor(Envelope e, WireFormat format) {
        EncodedEnvelope c = CURRENT.get();
        if (c.envelope != e) {
            c.envelope = e;
            c.json = null;
            c.cbor = null;
        }
        if (format == WireFormat.JSON) {
            if (c.json == null) {
                c.json = PRESENCE_TYPE.equals(e.type()) ? presenceJson(e) : msgJson(e);
            }
            return c.json;
        }
        if (c.cbor == null) {
            c.cbor = PRESENCE_TYPE.equals(e.type()) ? Cbor.encode(presenceObject(e)) : msgCbor(e);
        }
        return c.cbor;
    }

    static String msgJson(Envelope e) {
        StringBuilder sb = new StringBuilder(128 + e.payload().length());
        sb.append("{\"op\":\"msg\",\"room\":");
        Json.quote(sb, e.room().value()).append(",\"seq\":").append(e.seq()).append(",\"type\":");
        Json.quote(sb, e.type()).append(",\"id\":");
        Json.quote(sb, e.id()).append(",\"from\":");
        Json.quote(sb, e.from()).append(",\"ts\":").append(e.ts()).append(",\"payload\":").append(e.payload());
        return sb.append('}').toString();
    }

    private static byte[] msgCbor(Envelope e) {
        Cbor.Writer w = new Cbor.Writer(96 + e.payload().length());
        w.map(8).text("op").text("msg").text("room").text(e.room().value()).text("seq").integer(e.seq())
                .text("type").text(e.type()).text("id").text(e.id()).text("from").text(e.from())
                .text("ts").integer(e.ts()).text("payload").value(parse(e.payload()));
        return w.toByteArray();
    }

    /** The payload of a presence envelope is an object of the fields of the {@code presence} message. */
    private static String presenceJson(Envelope e) {
        StringBuilder sb = new StringBuilder(64 + e.payload().length());
        sb.append("{\"op\":\"presence\",\"room\":");
        Json.quote(sb, e.room().value()).append(",\"snapshot\":false");
        String fields = e.payload().trim();
        if (fields.length() > 2) {
            sb.append(',').append(fields, 1, fields.length() - 1);
        }
        return sb.append('}').toString();
    }

    private static JsonObject presenceObject(Envelope e) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("op", "presence").add("room", e.room().value())
                .add("snapshot", false);
        for (Map.Entry<String, JsonValue> f : parse(e.payload()).asJsonObject().entrySet()) {
            b.add(f.getKey(), f.getValue());
        }
        return b.build();
    }

    static JsonValue parse(String json) {
        try (JsonReader r = JSON.createReader(new StringReader(json))) {
            return r.readValue();
        }
    }
}
