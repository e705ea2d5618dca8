package dev.aqueduct.crdt.sync;

import dev.aqueduct.crdt.YDoc;
import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import dev.aqueduct.crdt.lib0.Lib0Writer;

/** The y-protocols sync protocol: step 1 (state vector), step 2 (missing updates), update. */
public final class SyncProtocol {
    public static final int SYNC_STEP_1 = 0;
    public static final int SYNC_STEP_2 = 1;
    public static final int UPDATE = 2;

    private SyncProtocol() {}

    public static void writeSyncStep1(Lib0Writer w, YDoc doc) {
        w.writeVarUint(SYNC_STEP_1);
        w.writeVarBytes(doc.encodeStateVector());
    }

    public static void writeSyncStep2(Lib0Writer w, YDoc doc, byte[] encodedStateVector) {
        w.writeVarUint(SYNC_STEP_2);
        w.writeVarBytes(doc.encodeStateAsUpdate(encodedStateVector));
    }

    public static void writeUpdate(Lib0Writer w, byte[] update) {
        w.writeVarUint(UPDATE);
        w.writeVarBytes(update);
    }

    public static byte[] encodeSyncStep1(YDoc doc) {
        Lib0Writer w = new Lib0Writer();
        writeSyncStep1(w, doc);
        return w.toByteArray();
    }

    public static byte[] encodeSyncStep2(YDoc doc, byte[] encodedStateVector) {
        Lib0Writer w = new Lib0Writer();
        writeSyncStep2(w, doc, encodedStateVector);
        return w.toByteArray();
    }

    public static byte[] encodeUpdate(byte[] update) {
        Lib0Writer w = new Lib0Writer();
        writeUpdate(w, update);
        return w.toByteArray();
    }

    /**
     * Reads one sync message and applies it to {@code doc}. A step 1 is answered by writing a step 2
     * into {@code reply}. Returns the message type.
     */
    public static int readSyncMessage(Lib0Reader r, Lib0Writer reply, YDoc doc, Object origin) {
        int type = (int) r.readVarUint();
        switch (type) {
            case SYNC_STEP_1:
                writeSyncStep2(reply, doc, r.readVarBytes());
                break;
            case SYNC_STEP_2:
            case UPDATE:
                doc.applyUpdate(r.readVarBytes(), origin);
                break;
            default:
                throw new DecodingException("Unknown message type " + type);
        }
        return type;
    }
}
