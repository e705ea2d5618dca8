package dev.aqueduct.bench.ws;

import dev.aqueduct.bench.ws.Clients.Conn;
import dev.aqueduct.bench.ws.Clients.Spec;
import java.nio.charset.StandardCharsets;

/**
 * The two protocols the generator speaks over a WebSocket: Aqueduct's room bus (JSON subprotocol
 * {@code aqueduct.v1.json}: {@code hello}, {@code join}, {@code pub}, {@code msg}, {@code ack}) and Socket.IO (Engine.IO
 * v4 packets over the websocket transport: open {@code 0{...}}, connect {@code 40}, events {@code 42[...]}, acks
 * {@code 43<id>[...]}, server ping {@code 2} answered by {@code 3}).
 *
 * <p>Both publish the same payload, {@code {"sent":<µs>,"pad":"x..."}}. On the hot path a received frame is not
 * parsed as JSON: it is scanned once for {@code "sent":} (one per delivered message, also inside a batch array) and,
 * for Aqueduct, for the {@code op} of acks and errors.
 */
abstract class Wire {

    final String pad;

    Wire(int padChars) {
        this.pad = "x".repeat(padChars);
    }

    /** The request target of the upgrade. */
    abstract String path(Spec spec);

    /** The subprotocol to ask for, or null. */
    abstract String subprotocol();

    /** The upgrade succeeded: start the handshake. */
    abstract void opened(Conn c);

    /** One complete text message. */
    abstract void message(Conn c, byte[] a, int off, int len, long recvUs);

    /** Sends one publish of the benchmark payload stamped {@code sentUs}. */
    abstract void publish(Conn c, String room, String id, long sentUs);

    /** A short description for the report. */
    abstract String describe();

    static Wire aqueduct(boolean batch, int padChars) {
        return new Aqueduct(batch, padChars);
    }

    static Wire socketIo(boolean acks, int padChars) {
        return new SocketIo(acks, padChars);
    }

    String payload(long sentUs) {
        return "{\"sent\":" + sentUs + ",\"pad\":\"" + pad + "\"}";
    }

    // --------------------------------------------------------------------------------------------------------------

    /** Scans a[off, end) for {@code "sent":<n>} (each one is a delivery) and, when ops is set, {@code "op":"a|e..."}. */
    static void scan(Conn c, byte[] a, int off, int end, long recvUs, boolean ops) {
        for (int i = off; i < end; i++) {
            if (a[i] != '"') {
                continue;
            }
            int j = i + 1;
            if (j + 5 <= end && a[j] == 's' && a[j + 1] == 'e' && a[j + 2] == 'n' && a[j + 3] == 't'
                    && a[j + 4] == '"') {
                j = skipColon(a, j + 5, end);
                long v = 0;
                boolean any = false;
                while (j < end && a[j] >= '0' && a[j] <= '9') {
                    v = v * 10 + (a[j] - '0');
                    j++;
                    any = true;
                }
                if (any) {
                    c.delivered(v, recvUs);
                }
                i = j - 1;
            } else if (ops && j + 3 <= end && a[j] == 'o' && a[j + 1] == 'p' && a[j + 2] == '"') {
                j = skipColon(a, j + 3, end);
                if (j + 1 < end && a[j] == '"') {
                    byte k = a[j + 1];
                    if (k == 'a' && j + 4 < end && a[j + 2] == 'c' && a[j + 3] == 'k' && a[j + 4] == '"') {
                        c.ack();
                    } else if (k == 'e') {
                        c.error(new String(a, off, Math.min(end - off, 400), StandardCharsets.UTF_8));
                    }
                }
                i = j;
            }
        }
    }

    private static int skipColon(byte[] a, int j, int end) {
        while (j < end && (a[j] == ' ' || a[j] == ':')) {
            j++;
        }
        return j;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    // --------------------------------------------------------------------------------------------------------------

    private static final class Aqueduct extends Wire {
        private final boolean batch;

        Aqueduct(boolean batch, int padChars) {
            super(padChars);
            this.batch = batch;
        }

        @Override
        String describe() {
            return "aqueduct.v1.json" + (batch ? ", batch:true" : ", batch:false");
        }

        @Override
        String path(Spec spec) {
            return "/ws";
        }

        @Override
        String subprotocol() {
            return "aqueduct.v1.json";
        }

        @Override
        void opened(Conn c) {
            c.sendText("{\"op\":\"hello\",\"token\":\"" + c.spec.token() + "\",\"batch\":" + batch
                    + ",\"client\":\"ws-fanout\",\"ref\":\"h\"}");
        }

        @Override
        void message(Conn c, byte[] a, int off, int len, long recvUs) {
            if (c.state == Clients.ConnState.READY) {
                scan(c, a, off, off + len, recvUs, true);
                return;
            }
            String s = new String(a, off, len, StandardCharsets.UTF_8).replace(" ", "");
            if (s.contains("\"op\":\"error\"")) {
                c.fail("handshake: " + s);
                return;
            }
            if (s.contains("\"op\":\"welcome\"")) {
                if (c.spec.rooms().isEmpty()) {
                    c.ready();
                    return;
                }
                int i = 0;
                for (String room : c.spec.rooms()) {
                    c.sendText("{\"op\":\"join\",\"room\":\"" + room + "\",\"ref\":\"j" + (i++) + "\"}");
                }
            }
            int joined = count(s, "\"op\":\"joined\"");
            if (joined > 0) {
                c.joined += joined;
                if (c.joined >= c.spec.rooms().size()) {
                    c.ready();
                }
            }
        }

        @Override
        void publish(Conn c, String room, String id, long sentUs) {
            c.sendText("{\"op\":\"pub\",\"room\":\"" + room + "\",\"id\":\"" + id + "\",\"type\":\"m\",\"payload\":"
                    + payload(sentUs) + "}");
        }
    }

    // --------------------------------------------------------------------------------------------------------------

    private static final class SocketIo extends Wire {
        /** Acks of joins have ids 1..rooms; acks of publishes ids from this on. */
        private static final long PUB_ACK_BASE = 1000;

        private final boolean acks;

        SocketIo(boolean acks, int padChars) {
            super(padChars);
            this.acks = acks;
        }

        @Override
        String describe() {
            return "Engine.IO v4 websocket" + (acks ? ", pub with ack" : ", pub without ack");
        }

        @Override
        String path(Spec spec) {
            return "/socket.io/?EIO=4&transport=websocket";
        }

        @Override
        String subprotocol() {
            return null;
        }

        @Override
        void opened(Conn c) {
            // the server speaks first: the Engine.IO open packet
        }

        @Override
        void message(Conn c, byte[] a, int off, int len, long recvUs) {
            if (len == 0) {
                return;
            }
            byte t = a[off];
            if (t == '4' && len >= 2) {
                byte s = a[off + 1];
                if (s == '2') {
                    scan(c, a, off + 2, off + len, recvUs, false);
                } else if (s == '3') {
                    long id = 0;
                    for (int j = off + 2; j < off + len && a[j] >= '0' && a[j] <= '9'; j++) {
                        id = id * 10 + (a[j] - '0');
                    }
                    if (id >= PUB_ACK_BASE) {
                        c.ack();
                    } else if (++c.joined >= c.spec.rooms().size()) {
                        c.ready();
                    }
                } else if (s == '0') {
                    if (c.spec.rooms().isEmpty()) {
                        c.ready();
                        return;
                    }
                    int i = 1;
                    for (String room : c.spec.rooms()) {
                        c.sendText("42" + (i++) + "[\"join\",\"" + room + "\"]");
                    }
                } else if (s == '4') {
                    c.fail("connect_error: " + new String(a, off, len, StandardCharsets.UTF_8));
                } else if (s == '1') {
                    c.fail("disconnected by the server");
                }
            } else if (t == '2') {
                c.sendText("3" + new String(a, off + 1, len - 1, StandardCharsets.UTF_8));
            } else if (t == '0') {
                c.sendText("40{\"sub\":\"" + c.sub() + "\"}");
            } else if (t == '1') {
                c.fail("Engine.IO close from the server");
            }
        }

        @Override
        void publish(Conn c, String room, String id, long sentUs) {
            c.sendText("42" + (acks ? Long.toString(PUB_ACK_BASE + c.pubSeq) : "") + "[\"pub\",{\"room\":\"" + room
                    + "\",\"id\":\"" + id + "\",\"type\":\"m\",\"payload\":" + payload(sentUs) + "}]");
        }
    }
}
