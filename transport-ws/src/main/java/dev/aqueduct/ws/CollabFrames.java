package dev.aqueduct.ws;

import dev.aqueduct.crdt.lib0.Lib0Writer;
import dev.aqueduct.crdt.sync.SyncProtocol;

/**
 * The Hocuspocus framing: every message starts with the document name (its address on the socket), then a message
 * type, then the message. Only the connection-level ping and pong are a lone type byte.
 */
final class CollabFrames {

    static final int SYNC = 0;
    static final int AWARENESS = 1;
    static final int AUTH = 2;
    static final int QUERY_AWARENESS = 3;
    static final int SYNC_REPLY = 4;
    static final int STATELESS = 5;
    static final int CLOSE = 7;
    static final int SYNC_STATUS = 8;
    static final int PING = 9;
    static final int PONG = 10;

    static final int AUTH_TOKEN = 0;
    static final int AUTH_PERMISSION_DENIED = 1;
    static final int AUTH_AUTHENTICATED = 2;

    static final byte[] PING_FRAME = {PING};

    /** The last update framed on this thread, with its address: one update goes to every peer from one thread. */
    private static final ThreadLocal<Object[]> LAST_UPDATE = new ThreadLocal<>();

    private CollabFrames() {
    }

    private static Lib0Writer start(String address, int type, int size) {
        Lib0Writer w = new Lib0Writer(address.length() + size + 8);
        w.writeVarString(address);
        w.writeVarUint(type);
        return w;
    }

    static byte[] authenticated(String address, boolean readOnly) {
        Lib0Writer w = start(address, AUTH, 16);
        w.writeVarUint(AUTH_AUTHENTICATED);
        w.writeVarString(readOnly ? "readonly" : "read-write");
        return w.toByteArray();
    }

    static byte[] permissionDenied(String address, String reason) {
        Lib0Writer w = start(address, AUTH, reason.length());
        w.writeVarUint(AUTH_PERMISSION_DENIED);
        w.writeVarString(reason);
        return w.toByteArray();
    }

    /** Asks the provider to send its token again (before the current one expires). */
    static byte[] tokenRequest(String address) {
        Lib0Writer w = start(address, AUTH, 1);
        w.writeVarUint(AUTH_TOKEN);
        return w.toByteArray();
    }

    static byte[] syncStep1(String address, byte[] stateVector) {
        Lib0Writer w = start(address, SYNC, stateVector.length);
        w.writeVarUint(SyncProtocol.SYNC_STEP_1);
        w.writeVarBytes(stateVector);
        return w.toByteArray();
    }

    static byte[] syncStep2(String address, byte[] update) {
        Lib0Writer w = start(address, SYNC, update.length);
        w.writeVarUint(SyncProtocol.SYNC_STEP_2);
        w.writeVarBytes(update);
        return w.toByteArray();
    }

    static byte[] update(String address, byte[] update) {
        Object[] last = LAST_UPDATE.get();
        if (last != null && last[0] == update && last[1].equals(address)) {
            return (byte[]) last[2];
        }
        Lib0Writer w = start(address, SYNC, update.length);
        w.writeVarUint(SyncProtocol.UPDATE);
        w.writeVarBytes(update);
        byte[] frame = w.toByteArray();
        LAST_UPDATE.set(new Object[] {update, address, frame});
        return frame;
    }

    static byte[] syncStatus(String address, boolean applied) {
        Lib0Writer w = start(address, SYNC_STATUS, 1);
        w.writeVarUint(applied ? 1 : 0);
        return w.toByteArray();
    }

    static byte[] awareness(String address, byte[] update) {
        Lib0Writer w = start(address, AWARENESS, update.length);
        w.writeVarBytes(update);
        return w.toByteArray();
    }

    static byte[] stateless(String address, String payload) {
        Lib0Writer w = start(address, STATELESS, payload.length());
        w.writeVarString(payload);
        return w.toByteArray();
    }

    static byte[] close(String address, String reason) {
        Lib0Writer w = start(address, CLOSE, reason.length());
        w.writeVarString(reason);
        return w.toByteArray();
    }
}
