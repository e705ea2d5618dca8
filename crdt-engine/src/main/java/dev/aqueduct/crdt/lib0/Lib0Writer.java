package dev.aqueduct.crdt.lib0;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Growable byte buffer with the lib0 primitive encodings (varuint, varint, varstring, floats). */
public final class Lib0Writer {
    private byte[] buf;
    private int pos;

    public Lib0Writer() { this(64); }

    public Lib0Writer(int capacity) { buf = new byte[Math.max(16, capacity)]; }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    public int length() { return pos; }

    public void reset() { pos = 0; }

    public void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    public void writeVarUint(long num) {
        ensure(10);
        while (num > 0x7F) {
            buf[pos++] = (byte) (0x80 | (num & 0x7F));
            num >>>= 7;
        }
        buf[pos++] = (byte) num;
    }

    /** lib0 varint: first byte carries continuation bit, sign bit and 6 data bits. */
    public void writeVarInt(long num) {
        boolean negative = num < 0;
        writeVarIntSigned(negative ? -num : num, negative);
    }

    /** Writes a magnitude with an explicit sign bit (lib0 can encode "-0"). */
    public void writeVarIntSigned(long abs, boolean negative) {
        ensure(11);
        buf[pos++] = (byte) ((abs > 0x3F ? 0x80 : 0) | (negative ? 0x40 : 0) | (abs & 0x3F));
        abs >>>= 6;
        while (abs > 0) {
            buf[pos++] = (byte) ((abs > 0x7F ? 0x80 : 0) | (abs & 0x7F));
            abs >>>= 7;
        }
    }

    public void writeBytes(byte[] b) { writeBytes(b, 0, b.length); }

    public void writeBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    public void writeVarBytes(byte[] b) {
        writeVarUint(b.length);
        writeBytes(b);
    }

    public void writeVarString(String s) {
        byte[] b = Utf8.encode(s);
        writeVarUint(b.length);
        writeBytes(b);
    }

    /**
     * Writes {@code s[from, to)} like {@link #writeVarString(String)} (UTF-8 as TextEncoder
     * produces it) without creating the substring or the byte array first.
     */
    public void writeVarString(CharSequence s, int from, int to) {
        int bytes = 0;
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else {
                ascii = false;
                if (c < 0x800) {
                    bytes += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 4;
                    i++;
                } else {
                    bytes += 3;
                }
            }
        }
        writeVarUint(bytes);
        ensure(bytes);
        byte[] b = buf;
        int p = pos;
        if (ascii) {
            for (int i = from; i < to; i++) b[p++] = (byte) s.charAt(i);
            pos = p;
            return;
        }
        for (int i = from; i < to; i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate((char) c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint((char) c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                if (Character.isSurrogate((char) c)) c = 0xFFFD;
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        pos = p;
    }

    public void writeFloat32(float f) {
        int bits = Float.floatToRawIntBits(f);
        ensure(4);
        for (int i = 3; i >= 0; i--) buf[pos++] = (byte) (bits >>> (i * 8));
    }

    public void writeFloat64(double d) { writeInt64(Double.doubleToRawLongBits(d)); }

    public void writeInt64(long bits) {
        ensure(8);
        for (int i = 7; i >= 0; i--) buf[pos++] = (byte) (bits >>> (i * 8));
    }

    public byte[] toByteArray() { return Arrays.copyOf(buf, pos); }

    /** Encodes a string as UTF-8 the way TextEncoder does (lone surrogates become U+FFFD). */
    public static final class Utf8 {
        private Utf8() {}

        public static byte[] encode(String s) {
            int n = s.length();
            boolean ascii = true;
            for (int i = 0; i < n; i++) {
                if (s.charAt(i) >= 0x80) { ascii = false; break; }
            }
            if (ascii) return s.getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[n * 3];
            int p = 0;
            for (int i = 0; i < n; i++) {
                int c = s.charAt(i);
                if (c < 0x80) {
                    out[p++] = (byte) c;
                } else if (c < 0x800) {
                    out[p++] = (byte) (0xC0 | (c >> 6));
                    out[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate((char) c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint((char) c, s.charAt(++i));
                    out[p++] = (byte) (0xF0 | (cp >> 18));
                    out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    if (Character.isSurrogate((char) c)) c = 0xFFFD;
                    out[p++] = (byte) (0xE0 | (c >> 12));
                    out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    out[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            return Arrays.copyOf(out, p);
        }
    }
}
