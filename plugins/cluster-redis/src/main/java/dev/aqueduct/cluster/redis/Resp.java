package dev.aqueduct.cluster.redis;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis serialization protocol (RESP2), both directions. Commands go out as arrays of bulk strings; replies come
 * back as {@link String} (simple string), {@link Long} (integer), {@code byte[]} (bulk string), {@link List} (array),
 * {@code null} (nil) or {@link ErrorReply} (an error the server returned, which the caller decides how to raise).
 */
final class Resp {

    /** An error reply such as {@code NOSCRIPT No matching script}. */
    record ErrorReply(String message) {
    }

    /** The longest bulk string or array we accept from the server; larger means a protocol mix-up. */
    private static final int MAX_LENGTH = 512 * 1024 * 1024;

    private Resp() {
    }

    static void writeCommand(OutputStream out, Object... args) throws IOException {
        out.write('*');
        out.write(ascii(args.length));
        out.write(CRLF);
        for (Object a : args) {
            byte[] b = a instanceof byte[] bytes ? bytes : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
            out.write('$');
            out.write(ascii(b.length));
            out.write(CRLF);
            out.write(b);
            out.write(CRLF);
        }
    }

    static Object read(InputStream in) throws IOException {
        int kind = in.read();
        if (kind < 0) {
            throw new EOFException("Redis closed the connection");
        }
        String line = line(in);
        switch (kind) {
            case '+':
                return line;
            case '-':
                return new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = length(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n);
                if (b.length < n) {
                    throw new EOFException("Redis closed the connection in a reply");
                }
                line(in);
                return b;
            }
            case '*': {
                int n = length(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("not a RESP reply (first byte " + kind + "); is this a Redis server?");
        }
    }

    /** A reply item as text: bulk strings are UTF-8, integers their decimal form. */
    static String text(Object reply) {
        if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return reply == null ? null : reply.toString();
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static byte[] ascii(int n) {
        return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static int length(String line) throws IOException {
        long n = Long.parseLong(line);
        if (n > MAX_LENGTH) {
            throw new IOException("Redis reply length " + n + " is out of range");
        }
        return (int) n;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("Redis closed the connection in a reply");
            }
            if (c == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("malformed RESP line");
                }
                return sb.toString();
            }
            sb.append((char) c);
        }
    }
}
