package dev.aqueduct.crdt.lib0;

/** The run-length and diff coders of lib0 used by the V2 update format. */
public final class RleCoders {
    private RleCoders() {}

    /** Run-length coder for bytes: value, then (count - 1) for every run but the last. */
    public static final class ByteRleEncoder {
        private final Lib0Writer w = new Lib0Writer();
        private int s = -1;
        private long count;

        public void write(int v) {
            if (s == v) {
                count++;
            } else {
                if (count > 0) w.writeVarUint(count - 1);
                count = 1;
                w.writeByte(v);
                s = v;
            }
        }

        public byte[] toByteArray() { return w.toByteArray(); }
    }

    public static final class ByteRleDecoder {
        private final Lib0Reader r;
        private int s;
        private long count;

        public ByteRleDecoder(Lib0Reader r) { this.r = r; }

        public int read() {
            if (count == 0) {
                s = r.readUint8();
                count = r.hasContent() ? r.readVarUint() + 1 : -1;
            }
            count--;
            return s;
        }
    }

    /** lib0 UintOptRleEncoder: a single value as varint, a run as negated varint plus (count - 2). */
    public static final class UintOptRleEncoder {
        private final Lib0Writer w = new Lib0Writer();
        private long s;
        private long count;

        public void write(long v) {
            if (s == v) {
                count++;
            } else {
                flush();
                count = 1;
                s = v;
            }
        }

        private void flush() {
            if (count > 0) {
                w.writeVarIntSigned(s, count != 1);
                if (count > 1) w.writeVarUint(count - 2);
            }
        }

        public byte[] toByteArray() {
            flush();
            count = 0;
            return w.toByteArray();
        }
    }

    public static final class UintOptRleDecoder {
        private final Lib0Reader r;
        private long s;
        private long count;

        public UintOptRleDecoder(Lib0Reader r) { this.r = r; }

        public long read() {
            if (count == 0) {
                long v = r.readVarIntRaw();
                count = 1;
                if (r.lastVarIntNegative()) {
                    v = -v;
                    count = r.readVarUint() + 2;
                }
                s = v;
            }
            count--;
            return s;
        }

        public Lib0Reader reader() { return r; }
    }

    /** lib0 IntDiffOptRleEncoder: runs of equal differences. */
    public static final class IntDiffOptRleEncoder {
        private final Lib0Writer w = new Lib0Writer();
        private long s;
        private long count;
        private long diff;

        public void write(long v) {
            if (diff == v - s) {
                s = v;
                count++;
            } else {
                flush();
                count = 1;
                diff = v - s;
                s = v;
            }
        }

        private void flush() {
            if (count > 0) {
                long encoded = diff * 2 + (count == 1 ? 0 : 1);
                w.writeVarInt(encoded);
                if (count > 1) w.writeVarUint(count - 2);
            }
        }

        public byte[] toByteArray() {
            flush();
            count = 0;
            return w.toByteArray();
        }
    }

    public static final class IntDiffOptRleDecoder {
        private final Lib0Reader r;
        private long s;
        private long count;
        private long diff;

        public IntDiffOptRleDecoder(Lib0Reader r) { this.r = r; }

        public long read() {
            if (count == 0) {
                long d = r.readVarInt();
                boolean hasCount = (d & 1) != 0;
                diff = d >> 1;
                count = 1;
                if (hasCount) count = r.readVarUint() + 2;
            }
            s += diff;
            count--;
            return s;
        }
    }

    /** lib0 StringEncoder: all strings concatenated, their UTF-16 lengths in a UintOptRle stream. */
    public static final class StringEncoder {
        private final StringBuilder sb = new StringBuilder();
        private final UintOptRleEncoder lens = new UintOptRleEncoder();

        public void write(String s) {
            sb.append(s);
            lens.write(s.length());
        }

        public void write(CharSequence s, int from) {
            sb.append(s, from, s.length());
            lens.write(s.length() - from);
        }

        public byte[] toByteArray() {
            Lib0Writer w = new Lib0Writer();
            w.writeVarString(sb.toString());
            w.writeBytes(lens.toByteArray());
            return w.toByteArray();
        }
    }

    public static final class StringDecoder {
        private final UintOptRleDecoder lens;
        private final String str;
        private int spos;

        public StringDecoder(Lib0Reader r) {
            this.str = r.readVarString();
            this.lens = new UintOptRleDecoder(r);
        }

        public String read() {
            long len = lens.read();
            if (len < 0 || len > str.length() - spos) throw new DecodingException("string length exceeds data");
            int e = spos + (int) len;
            String res = str.substring(spos, e);
            spos = e;
            return res;
        }
    }
}
