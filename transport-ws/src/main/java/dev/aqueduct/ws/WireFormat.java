package dev.aqueduct.ws;

import dev.aqueduct.core.socket.FrameFormat;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The two encodings of the room bus: JSON in text frames and CBOR in binary frames. A frame is a {@code String}
 * (JSON) or a {@code byte[]} (CBOR).
 */
enum WireFormat implements FrameFormat {
    JSON("aqueduct.v1.json"),
    CBOR("aqueduct.v1.cbor");

    final String subprotocol;

    WireFormat(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    static final List<String> SUBPROTOCOLS = List.of(JSON.subprotocol, CBOR.subprotocol);

    /** The format for a negotiated subprotocol; JSON when none was negotiated. */
    static WireFormat of(String negotiated) {
        return CBOR.subprotocol.equals(negotiated) ? CBOR : JSON;
    }

    Object encode(JsonObject message) {
        return this == JSON ? message.toString() : Cbor.encode(message);
    }

    /** Several encoded messages as one frame: a JSON array, or a CBOR array. */
    @Override
    public Object batch(List<Object> frames) {
        if (this == JSON) {
            int size = 2 + frames.size();
            for (Object f : frames) {
                size += ((String) f).length();
            }
            StringBuilder sb = new StringBuilder(size).append('[');
            for (int i = 0; i < frames.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append((String) frames.get(i));
            }
            return sb.append(']').toString();
        }
        Cbor.Writer w = new Cbor.Writer(64);
        w.array(frames.size());
        for (Object f : frames) {
            w.raw((byte[]) f);
        }
        return w.toByteArray();
    }
}
