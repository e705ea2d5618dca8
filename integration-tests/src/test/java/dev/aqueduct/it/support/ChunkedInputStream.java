package dev.aqueduct.it.support;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body. */
final class ChunkedInputStream extends InputStream {

    private final InputStream in;
    private int remaining;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    /** Reads one CRLF-terminated ASCII line from a raw stream (without the line end); null at end of stream. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (remaining == 0) {
            String size = readLine(in);
            while (size != null && size.isEmpty()) {
                size = readLine(in);
            }
            if (size == null) {
                done = true;
                return -1;
            }
            remaining = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (remaining == 0) {
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, Math.min(len, remaining));
        if (n < 0) {
            done = true;
            return -1;
        }
        remaining -= n;
        return n;
    }
}
