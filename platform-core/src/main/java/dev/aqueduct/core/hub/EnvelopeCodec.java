package dev.aqueduct.core.hub;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The binary form of an envelope on the cluster bus (not a client wire format). */
public final class EnvelopeCodec {

    private static final byte FORMAT = 1;

    private EnvelopeCodec() {
    }

    public static byte[] encode(Envelope e) {
        byte[][] parts = {bytes(e.type()), bytes(e.room().value()), bytes(e.id()), bytes(e.from()), bytes(e.payload())};
        int size = 1 + 4 + 8 + 8;
        for (byte[] p : parts) {
            size += 4 + (p == null ? 0 : p.length);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(FORMAT).putInt(e.v()).putLong(e.seq()).putLong(e.ts());
        for (byte[] p : parts) {
            if (p == null) {
                b.putInt(-1);
            } else {
                b.putInt(p.length).put(p);
            }
        }
        return b.array();
    }

    public static Envelope decode(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        if (b.get() != FORMAT) {
            throw new IllegalArgumentException("unknown envelope format on the bus");
        }
        int v = b.getInt();
        long seq = b.getLong();
        long ts = b.getLong();
        String type = string(b);
        String room = string(b);
        String id = string(b);
        String from = string(b);
        String payload = string(b);
        return new Envelope(v, type, RoomId.of(room), seq, id, ts, from, payload);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        if (n > b.remaining()) {
            throw new IllegalArgumentException("truncated envelope on the bus");
        }
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}
