package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.Lib0Writer;

/** Writes structs and delete sets in the V1 or V2 update format. */
interface UpdateEncoder {
    Lib0Writer restWriter();

    void resetRest(Lib0Writer w);

    void resetDsCurVal();

    void writeDsClock(long clock);

    void writeDsLen(long len);

    void writeLeftId(ID id);

    void writeLeftId(long client, int clock);

    void writeRightId(ID id);

    void writeClient(long client);

    void writeInfo(int info);

    void writeString(String s);

    /** Writes {@code s} from {@code from} to its end as a string. */
    void writeString(CharSequence s, int from);

    void writeParentInfo(boolean isYKey);

    void writeTypeRef(int ref);

    void writeLen(int len);

    void writeAny(Object any);

    void writeBuf(byte[] buf);

    void writeJson(Object embed);

    void writeKey(String key);

    byte[] toByteArray();

    boolean isV2();

    static UpdateEncoder create(boolean v2) { return v2 ? new UpdateEncoderV2() : new UpdateEncoderV1(); }
}
