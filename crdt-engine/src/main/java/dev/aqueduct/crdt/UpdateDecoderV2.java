package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.AnyCodec;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import dev.aqueduct.crdt.lib0.RleCoders;
import java.util.ArrayList;
import java.util.List;

final class UpdateDecoderV2 extends UpdateDecoder {
    private long dsCurrVal;
    private final List<String> keys = new ArrayList<>();
    private final RleCoders.IntDiffOptRleDecoder keyClockDecoder;
    private final RleCoders.UintOptRleDecoder clientDecoder;
    private final RleCoders.IntDiffOptRleDecoder leftClockDecoder;
    private final RleCoders.IntDiffOptRleDecoder rightClockDecoder;
    private final RleCoders.ByteRleDecoder infoDecoder;
    private final RleCoders.StringDecoder stringDecoder;
    private final RleCoders.ByteRleDecoder parentInfoDecoder;
    private final RleCoders.UintOptRleDecoder typeRefDecoder;
    private final RleCoders.UintOptRleDecoder lenDecoder;
    private final long total;

    /** A decoder for the delete-set/state-vector stream only (lib0 DSDecoderV2). */
    static UpdateDecoderV2 dsOnly(Lib0Reader r) { return new UpdateDecoderV2(r, true); }

    private UpdateDecoderV2(Lib0Reader r, boolean dsOnly) {
        super(r);
        total = r.remaining();
        keyClockDecoder = null;
        clientDecoder = null;
        leftClockDecoder = null;
        rightClockDecoder = null;
        infoDecoder = null;
        stringDecoder = null;
        parentInfoDecoder = null;
        typeRefDecoder = null;
        lenDecoder = null;
    }

    UpdateDecoderV2(Lib0Reader r) {
        super(pre(r));
        total = r.remaining();
        keyClockDecoder = new RleCoders.IntDiffOptRleDecoder(r.readVarSlice());
        clientDecoder = new RleCoders.UintOptRleDecoder(r.readVarSlice());
        leftClockDecoder = new RleCoders.IntDiffOptRleDecoder(r.readVarSlice());
        rightClockDecoder = new RleCoders.IntDiffOptRleDecoder(r.readVarSlice());
        infoDecoder = new RleCoders.ByteRleDecoder(r.readVarSlice());
        stringDecoder = new RleCoders.StringDecoder(r.readVarSlice());
        parentInfoDecoder = new RleCoders.ByteRleDecoder(r.readVarSlice());
        typeRefDecoder = new RleCoders.UintOptRleDecoder(r.readVarSlice());
        lenDecoder = new RleCoders.UintOptRleDecoder(r.readVarSlice());
    }

    private static Lib0Reader pre(Lib0Reader r) {
        r.readVarUint(); // feature flag, unused
        return r;
    }

    // RLE columns can repeat values without consuming bytes, so counts are bounded by a generous
    // multiple of the input size instead of the remaining bytes.
    @Override long totalRemaining() { return Math.max(65536L, total * 64); }

    @Override boolean isV1() { return false; }
    @Override void resetDsCurVal() { dsCurrVal = 0; }

    @Override
    long readDsClock() {
        dsCurrVal += rest.readVarUint();
        return dsCurrVal;
    }

    @Override
    long readDsLen() {
        long diff = rest.readVarUint() + 1;
        dsCurrVal += diff;
        return diff;
    }

    @Override ID readLeftId() { return new ID(nonNeg(clientDecoder.read()), toInt(leftClockDecoder.read())); }
    @Override ID readRightId() { return new ID(nonNeg(clientDecoder.read()), toInt(rightClockDecoder.read())); }
    @Override long readClient() { return nonNeg(clientDecoder.read()); }
    @Override int readInfo() { return infoDecoder.read(); }
    @Override String readString() { return stringDecoder.read(); }
    @Override boolean readParentInfo() { return parentInfoDecoder.read() == 1; }
    @Override int readTypeRef() { return toInt(typeRefDecoder.read()); }
    @Override int readLen() { return toInt(lenDecoder.read()); }
    @Override Object readAny() { return AnyCodec.read(rest); }
    @Override byte[] readBuf() { return rest.readVarBytes(); }
    @Override Object readJson() { return AnyCodec.read(rest); }

    @Override
    String readKey() {
        long keyClock = keyClockDecoder.read();
        if (keyClock >= 0 && keyClock < keys.size()) return keys.get((int) keyClock);
        String key = stringDecoder.read();
        keys.add(key);
        return key;
    }

    private static long nonNeg(long v) {
        if (v < 0) throw new dev.aqueduct.crdt.lib0.DecodingException("negative client id");
        return v;
    }
}
