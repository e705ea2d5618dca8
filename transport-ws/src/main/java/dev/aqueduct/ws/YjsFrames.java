package dev.aqueduct.ws;

import dev.aqueduct.crdt.lib0.Lib0Writer;
import dev.aqueduct.crdt.sync.AuthProtocol;
import dev.aqueduct.crdt.sync.SyncProtocol;

/**
 * The y-websocket message framing: a varuint message type (sync, awareness, auth, query awareness) before the
 * y-protocols message. One message per binary frame.
 */
final class YjsFrames {

    static final int SYNC = 0;
    static final int AWARENESS = 1;
    static final int AUTH = 2;
    static final int QUERY_AWARENESS = 3;

    /** The last update framed on this thread: one update goes to every peer from the same thread. */
    private static final ThreadLocal<Object[]> LAST_UPDATE = new ThreadLocal<>();

    private YjsFrames() {
    }

    static byte[] syncStep1(byte[] stateVector) {
        Lib0Writer w = new Lib0Writer(stateVector.length + 4);
        w.writeVarUint(SYNC);
        w.writeVarUint(SyncProtocol.SYNC_STEP_1);
        w.writeVarBytes(stateVector);
        return w.toByteArray();
    }

    static byte[] syncStep2(byte[] update) {
        Lib0Writer w = new Lib0Writer(update.length + 8);
        w.writeVarUint(SYNC);
        w.writeVarUint(SyncProtocol.SYNC_STEP_2);
        w.writeVarBytes(update);
        return w.toByteArray();
    }

    static byte[] update(byte[] update) {
        Object[] last = LAST_UPDATE.get();
        if (last != null && last[0] == update) {
            return (byte[]) last[1];
        }
        Lib0Writer w = new Lib0Writer(update.length + 8);
        w.writeVarUint(SYNC);
        w.writeVarUint(SyncProtocol.UPDATE);
        w.writeVarBytes(update);
        byte[] frame = w.toByteArray();
        LAST_UPDATE.set(new Object[] {update, frame});
        return frame;
    }

    static byte[] awareness(byte[] update) {
        Lib0Writer w = new Lib0Writer(update.length + 4);
        w.writeVarUint(AWARENESS);
        w.writeVarBytes(update);
        return w.toByteArray();
    }

    static byte[] permissionDenied(String reason) {
        Lib0Writer w = new Lib0Writer(reason.length() + 4);
        w.writeVarUint(AUTH);
        AuthProtocol.writePermissionDenied(w, reason);
        return w.toByteArray();
    }
}
