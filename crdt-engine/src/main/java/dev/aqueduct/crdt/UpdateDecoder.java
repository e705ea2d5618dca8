package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Lib0Reader;

/** Reads structs and delete sets in the V1 or V2 update format. */
abstract class UpdateDecoder {
    final Lib0Reader rest;

    UpdateDecoder(Lib0Reader rest) { this.rest = rest; }

    Lib0Reader restReader() { return rest; }

    /** Rejects counts that cannot possibly be backed by the remaining input. */
    void checkCount(long n) {
        if (n < 0 || n > totalRemaining()) throw new DecodingException("count " + n + " exceeds remaining data");
    }

    abstract long totalRemaining();

    abstract boolean isV1();

    abstract void resetDsCurVal();

    abstract long readDsClock();

    abstract long readDsLen();

    abstract ID readLeftId();

    abstract ID readRightId();

    abstract long readClient();

    abstract int readInfo();

    abstract String readString();

    abstract boolean readParentInfo();

    abstract int readTypeRef();

    abstract int readLen();

    abstract Object readAny();

    abstract byte[] readBuf();

    abstract Object readJson();

    abstract String readKey();

    static UpdateDecoder create(byte[] update, boolean v2) {
        Lib0Reader r = new Lib0Reader(update);
        return v2 ? new UpdateDecoderV2(r) : new UpdateDecoderV1(r);
    }

    static int toInt(long v) {
        if (v < 0 || v > Integer.MAX_VALUE) throw new DecodingException("value out of range: " + v);
        return (int) v;
    }
}
