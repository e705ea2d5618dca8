package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.AnyCodec;
import dev.aqueduct.crdt.lib0.Lib0Writer;
import dev.aqueduct.crdt.lib0.RleCoders;

/** The column-oriented V2 update format. */
final class UpdateEncoderV2 implements UpdateEncoder {
    private Lib0Writer rest = new Lib0Writer();
    private long dsCurrVal;
    private long keyClock;
    private final RleCoders.IntDiffOptRleEncoder keyClockEncoder = new RleCoders.IntDiffOptRleEncoder();
    private final RleCoders.UintOptRleEncoder clientEncoder = new RleCoders.UintOptRleEncoder();
    private final RleCoders.IntDiffOptRleEncoder leftClockEncoder = new RleCoders.IntDiffOptRleEncoder();
    private final RleCoders.IntDiffOptRleEncoder rightClockEncoder = new RleCoders.IntDiffOptRleEncoder();
    private final RleCoders.ByteRleEncoder infoEncoder = new RleCoders.ByteRleEncoder();
    private final RleCoders.StringEncoder stringEncoder = new RleCoders.StringEncoder();
    private final RleCoders.ByteRleEncoder parentInfoEncoder = new RleCoders.ByteRleEncoder();
    private final RleCoders.UintOptRleEncoder typeRefEncoder = new RleCoders.UintOptRleEncoder();
    private final RleCoders.UintOptRleEncoder lenEncoder = new RleCoders.UintOptRleEncoder();

    @Override public Lib0Writer restWriter() { return rest; }
    @Override public void resetRest(Lib0Writer w) { rest = w; }
    @Override public void resetDsCurVal() { dsCurrVal = 0; }

    @Override
    public void writeDsClock(long clock) {
        long diff = clock - dsCurrVal;
        dsCurrVal = clock;
        rest.writeVarUint(diff);
    }

    @Override
    public void writeDsLen(long len) {
        if (len == 0) throw new IllegalStateException("empty delete range");
        rest.writeVarUint(len - 1);
        dsCurrVal += len;
    }

    @Override
    public void writeLeftId(ID id) {
        clientEncoder.write(id.client);
        leftClockEncoder.write(id.clock);
    }

    @Override
    public void writeLeftId(long client, int clock) {
        clientEncoder.write(client);
        leftClockEncoder.write(clock);
    }

    @Override
    public void writeRightId(ID id) {
        clientEncoder.write(id.client);
        rightClockEncoder.write(id.clock);
    }

    @Override public void writeClient(long client) { clientEncoder.write(client); }
    @Override public void writeInfo(int info) { infoEncoder.write(info); }
    @Override public void writeString(String s) { stringEncoder.write(s); }
    @Override public void writeString(CharSequence s, int from) { stringEncoder.write(s, from); }
    @Override public void writeParentInfo(boolean isYKey) { parentInfoEncoder.write(isYKey ? 1 : 0); }
    @Override public void writeTypeRef(int ref) { typeRefEncoder.write(ref); }
    @Override public void writeLen(int len) { lenEncoder.write(len); }
    @Override public void writeAny(Object any) { AnyCodec.write(rest, any); }
    @Override public void writeBuf(byte[] buf) { rest.writeVarBytes(buf); }
    @Override public void writeJson(Object embed) { AnyCodec.write(rest, embed); }

    @Override
    public void writeKey(String key) {
        // Yjs 13.6 never records keys in its key table, so every key is written out again.
        keyClockEncoder.write(keyClock++);
        stringEncoder.write(key);
    }

    /** When true, only the delete-set/state-vector stream is produced (lib0 DSEncoderV2). */
    boolean dsOnly;

    @Override
    public byte[] toByteArray() {
        if (dsOnly) return rest.toByteArray();
        Lib0Writer w = new Lib0Writer(rest.length() + 64);
        w.writeVarUint(0);
        w.writeVarBytes(keyClockEncoder.toByteArray());
        w.writeVarBytes(clientEncoder.toByteArray());
        w.writeVarBytes(leftClockEncoder.toByteArray());
        w.writeVarBytes(rightClockEncoder.toByteArray());
        w.writeVarBytes(infoEncoder.toByteArray());
        w.writeVarBytes(stringEncoder.toByteArray());
        w.writeVarBytes(parentInfoEncoder.toByteArray());
        w.writeVarBytes(typeRefEncoder.toByteArray());
        w.writeVarBytes(lenEncoder.toByteArray());
        w.writeBytes(rest.toByteArray());
        return w.toByteArray();
    }

    @Override public boolean isV2() { return true; }
}
