package dev.aqueduct.crdt.lib0;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounds-checked reader for lib0 encodings. Every length field is checked against the bytes that
 * remain, so hostile input fails with {@link DecodingException} instead of over-allocating.
 */
public final class Lib0Reader {
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    private final byte[] buf;
    private int pos;
    private final int end;

    public Lib0Reader(byte[] buf) { this(buf, 0, buf.length); }

    public Lib0Reader(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) throw new DecodingException("bad slice");
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    public boolean hasContent() { return pos < end; }

    public int remaining() { return end - pos; }

    public int position() { return pos; }

    public int readUint8() {
        if (pos >= end) throw new DecodingException("unexpected end of data");
        return buf[pos++] & 0xFF;
    }

    public long readVarUint() {
        long num = 0;
        int shift = 0;
        while (pos < end) {
            int r = buf[pos++] & 0xFF;
            num |= (long) (r & 0x7F) << shift;
            if (r < 0x80) {
                if (num > MAX_SAFE_INTEGER || num < 0) throw new DecodingException("integer out of range");
                return num;
            }
            shift += 7;
            if (shift > 53) throw new DecodingException("integer out of range");
        }
        throw new DecodingException("unexpected end of data");
    }

    /** Reads a varuint that must fit a non-negative int (lengths, clocks). */
    public int readVarUintInt() {
        long v = readVarUint();
        if (v > Integer.MAX_VALUE) throw new DecodingException("value too large: " + v);
        return (int) v;
    }

    /** Reads a lib0 varint; the result keeps the sign bit so that "-0" can be told apart. */
    public long readVarIntRaw() {
        int r = readUint8();
        long num = r & 0x3F;
        boolean neg = (r & 0x40) != 0;
        int shift = 6;
        if ((r & 0x80) != 0) {
            while (true) {
                if (pos >= end) throw new DecodingException("unexpected end of data");
                r = buf[pos++] & 0xFF;
                num |= (long) (r & 0x7F) << shift;
                if (r < 0x80) break;
                shift += 7;
                if (shift > 53) throw new DecodingException("integer out of range");
            }
            if (num > MAX_SAFE_INTEGER) throw new DecodingException("integer out of range");
        }
        lastNegative = neg;
        return neg ? -num : num;
    }

    private boolean lastNegative;

    /** Whether the last varint read had its sign bit set (also true for "-0"). */
    public boolean lastVarIntNegative() { return lastNegative; }

    public long readVarInt() { return readVarIntRaw(); }

    public byte[] readBytes(int len) {
        if (len < 0 || len > end - pos) throw new DecodingException("length exceeds remaining data");
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    public byte[] readVarBytes() {
        long len = readVarUint();
        if (len > end - pos) throw new DecodingException("length exceeds remaining data");
        return readBytes((int) len);
    }

    /** Returns a reader over the next varuint-prefixed slice without copying. */
    public Lib0Reader readVarSlice() {
        long len = readVarUint();
        if (len > end - pos) throw new DecodingException("length exceeds remaining data");
        Lib0Reader r = new Lib0Reader(buf, pos, (int) len);
        pos += (int) len;
        return r;
    }

    public Lib0Reader restSlice() {
        Lib0Reader r = new Lib0Reader(buf, pos, end - pos);
        pos = end;
        return r;
    }

    public String readVarString() {
        long len = readVarUint();
        if (len > end - pos) throw new DecodingException("string length exceeds remaining data");
        int l = (int) len;
        int start = pos;
        pos += l;
        boolean ascii = true;
        for (int i = start; i < start + l; i++) {
            if (buf[i] < 0) { ascii = false; break; }
        }
        if (ascii) return new String(buf, start, l, StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(buf, start, l)).toString();
        } catch (CharacterCodingException e) {
            throw new DecodingException("invalid UTF-8 string");
        }
    }

    public float readFloat32() {
        if (end - pos < 4) throw new DecodingException("unexpected end of data");
        int bits = 0;
        for (int i = 0; i < 4; i++) bits = (bits << 8) | (buf[pos++] & 0xFF);
        return Float.intBitsToFloat(bits);
    }

    public long readInt64() {
        if (end - pos < 8) throw new DecodingException("unexpected end of data");
        long bits = 0;
        for (int i = 0; i < 8; i++) bits = (bits << 8) | (buf[pos++] & 0xFF);
        return bits;
    }

    public double readFloat64() { return Double.longBitsToDouble(readInt64()); }
}
