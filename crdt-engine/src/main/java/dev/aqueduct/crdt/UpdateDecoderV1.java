package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.AnyCodec;
import dev.aqueduct.crdt.lib0.Json;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import dev.aqueduct.crdt.lib0.Undefined;

final class UpdateDecoderV1 extends UpdateDecoder {
    UpdateDecoderV1(Lib0Reader r) { super(r); }

    @Override long totalRemaining() { return rest.remaining(); }
    @Override boolean isV1() { return true; }
    @Override void resetDsCurVal() {}
    @Override long readDsClock() { return rest.readVarUint(); }
    @Override long readDsLen() { return rest.readVarUint(); }
    @Override ID readLeftId() { return new ID(rest.readVarUint(), toInt(rest.readVarUint())); }
    @Override ID readRightId() { return new ID(rest.readVarUint(), toInt(rest.readVarUint())); }
    @Override long readClient() { return rest.readVarUint(); }
    @Override int readInfo() { return rest.readUint8(); }
    @Override String readString() { return rest.readVarString(); }
    @Override boolean readParentInfo() { return rest.readVarUint() == 1; }
    @Override int readTypeRef() { return toInt(rest.readVarUint()); }
    @Override int readLen() { return toInt(rest.readVarUint()); }
    @Override Object readAny() { return AnyCodec.read(rest); }
    @Override byte[] readBuf() { return rest.readVarBytes(); }

    @Override
    Object readJson() {
        String s = rest.readVarString();
        return "undefined".equals(s) ? Undefined.INSTANCE : Json.parse(s);
    }

    @Override String readKey() { return rest.readVarString(); }
}
