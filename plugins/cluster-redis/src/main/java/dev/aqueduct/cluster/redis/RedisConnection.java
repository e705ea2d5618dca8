package dev.aqueduct.cluster.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** One TCP connection to Redis, authenticated and on the configured database. Not thread-safe. */
final class RedisConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RedisConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    /**
     * Connects, authenticates and selects the database.
     *
     * @param readTimeoutMillis how long a reply may take before the connection counts as broken; 0 waits forever
     */
    static RedisConnection open(RedisSettings s, int readTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(s.host(), s.port()), (int) s.connectTimeout().toMillis());
            socket.setSoTimeout(readTimeoutMillis);
            RedisConnection c = new RedisConnection(socket);
            if (s.password() != null) {
                if (s.username() != null) {
                    c.call("AUTH", s.username(), s.password());
                } else {
                    c.call("AUTH", s.password());
                }
            }
            if (s.database() != 0) {
                c.call("SELECT", s.database());
            }
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a command and returns its reply; an error reply becomes a {@link RedisException}. */
    Object call(Object... args) throws IOException {
        send(args);
        Object reply = read();
        if (reply instanceof Resp.ErrorReply e) {
            throw new RedisException(e.message());
        }
        return reply;
    }

    void send(Object... args) throws IOException {
        Resp.writeCommand(out, args);
        out.flush();
    }

    Object read() throws IOException {
        return Resp.read(in);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket
        }
    }
}
