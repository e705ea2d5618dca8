package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.AnyCodec;
import dev.aqueduct.crdt.lib0.Json;
import dev.aqueduct.crdt.lib0.Lib0Writer;

final class UpdateEncoderV1 implements UpdateEncoder {
    private Lib0Writer rest = new Lib0Writer();

    @Override public Lib0Writer restWriter() { return rest; }
    @Override public void resetRest(Lib0Writer w) { rest = w; }
    @Override public void resetDsCurVal() {}
    @Override public void writeDsClock(long clock) { rest.writeVarUint(clock); }
    @Override public void writeDsLen(long len) { rest.writeVarUint(len); }

    @Override
    public void writeLeftId(ID id) {
        rest.writeVarUint(id.client);
        rest.writeVarUint(id.clock);
    }

    @Override
    public void writeLeftId(long client, int clock) {
        rest.writeVarUint(client);
        rest.writeVarUint(clock);
    }

    @Override
    public void writeRightId(ID id) {
        rest.writeVarUint(id.client);
        rest.writeVarUint(id.clock);
    }

    @Override public void writeClient(long client) { rest.writeVarUint(client); }
    @Override public void writeInfo(int info) { rest.writeByte(info); }
    @Override public void writeString(String s) { rest.writeVarString(s); }
    @Override public void writeString(CharSequence s, int from) { rest.writeVarString(s, from, s.length()); }
    @Override public void writeParentInfo(boolean isYKey) { rest.writeVarUint(isYKey ? 1 : 0); }
    @Override public void writeTypeRef(int ref) { rest.writeVarUint(ref); }
    @Override public void writeLen(int len) { rest.writeVarUint(len); }
    @Override public void writeAny(Object any) { AnyCodec.write(rest, any); }
    @Override public void writeBuf(byte[] buf) { rest.writeVarBytes(buf); }
    @Override public void writeJson(Object embed) { rest.writeVarString(embed == dev.aqueduct.crdt.lib0.Undefined.INSTANCE ? "undefined" : Json.stringify(embed)); }
    @Override public void writeKey(String key) { rest.writeVarString(key); }
    @Override public byte[] toByteArray() { return rest.toByteArray(); }
    @Override public boolean isV2() { return false; }
}
