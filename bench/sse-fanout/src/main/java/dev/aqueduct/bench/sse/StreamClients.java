package dev.aqueduct.bench.sse;

import dev.aqueduct.bench.common.Histogram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Many concurrent SSE streams (HTTP/1.1, chunked or not) on one selector thread. Every stream parses the event
 * stream and, for each message event, records receive time minus the envelope {@code ts}. Events whose type starts
 * with {@code m} are the measured ones; anything else (warm-up, clean-up) is only counted.
 *
 * <p>All connection state is touched only by the selector thread; other threads talk to it through {@link #call}.
 */
final class StreamClients implements AutoCloseable {

    private static final byte[] TS = "\"ts\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE = "\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] N = "\"payload\":{\"n\":".getBytes(StandardCharsets.US_ASCII);

    /** Counters of one ladder step; read through {@link #call}. */
    static final class Stats {
        int connected;
        int subscribed;
        int failed;
        int closedByServer;
        int closeEvents;
        long measured;
        long other;
        long firstMeasuredRecvMs;
        long lastMeasuredRecvMs;
        long minPerStream = Long.MAX_VALUE;
        long maxPerStream;
        Histogram latency;
        Histogram subscribeMs;
        Histogram fromSend;
        String firstError;
    }

    private static final class Conn {
        final SocketChannel ch;
        ByteBuffer request;
        boolean inBody;
        boolean chunked;
        int status;
        // chunked decoding
        int chunkState; // 0 size line, 1 data, 2 CRLF after data
        long chunkSize;
        boolean chunkSizeDone;
        long chunkLeft;
        // line assembly
        byte[] line = new byte[384];
        int len;
        String eventType;
        boolean subscribed;
        boolean dead;
        long measured;
        long openedNanos = System.nanoTime();

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    private final InetSocketAddress address;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final byte[] chunk = new byte[256 * 1024];
    private final List<Conn> conns = new ArrayList<>();
    private volatile boolean running = true;

    // step state (selector thread only)
    private byte[] requestTemplate;
    private int target;
    private int opened;
    private int maxPending;
    private Stats stats = new Stats();
    private final Histogram latency = new Histogram();
    private final Histogram subscribeMs = new Histogram();
    private final Histogram fromSend = new Histogram();
    private volatile java.util.concurrent.atomic.AtomicLongArray sendTimes;

    StreamClients(String host, int port) throws IOException {
        this.address = new InetSocketAddress(host, port);
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "sse-clients");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Runs {@code task} on the selector thread and waits for its result. */
    <T> T call(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                f.complete(task.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("selector thread did not answer", e);
        }
    }

    /** Starts opening {@code n} streams on {@code path}, at most {@code pending} not yet subscribed at a time. */
    void open(int n, String hostHeader, String path, int pending) {
        String req = "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\nUser-Agent: aqueduct-bench-sse-fanout\r\n\r\n";
        call(() -> {
            requestTemplate = req.getBytes(StandardCharsets.US_ASCII);
            target = n;
            opened = 0;
            maxPending = pending;
            stats = new Stats();
            latency.clear();
            subscribeMs.clear();
            fromSend.clear();
            return null;
        });
    }

    /**
     * The publisher's send times (epoch ms) by event number {@code n}; lets the receiver also measure latency from
     * the moment the publisher sent the POST, which includes any wait before the server stamps {@code ts}.
     */
    void sendTimes(java.util.concurrent.atomic.AtomicLongArray times) {
        this.sendTimes = times;
    }

    /** Forgets the counters of the warm-up so that only measured events remain (they are separated anyway). */
    Stats stats() {
        return call(() -> {
            Stats s = new Stats();
            Stats c = stats;
            s.connected = c.connected;
            s.subscribed = c.subscribed;
            s.failed = c.failed;
            s.closedByServer = c.closedByServer;
            s.closeEvents = c.closeEvents;
            s.measured = c.measured;
            s.other = c.other;
            s.firstMeasuredRecvMs = c.firstMeasuredRecvMs;
            s.lastMeasuredRecvMs = c.lastMeasuredRecvMs;
            s.firstError = c.firstError;
            s.latency = latency.copy();
            s.subscribeMs = subscribeMs.copy();
            s.fromSend = fromSend.copy();
            long min = Long.MAX_VALUE;
            long max = 0;
            for (Conn k : conns) {
                if (k.subscribed) {
                    min = Math.min(min, k.measured);
                    max = Math.max(max, k.measured);
                }
            }
            s.minPerStream = min;
            s.maxPerStream = max;
            return s;
        });
    }

    /** Closes every stream of the step (the client side; the server notices on its next write). */
    void closeAll() {
        call(() -> {
            for (Conn c : conns) {
                closeQuietly(c);
            }
            conns.clear();
            target = 0;
            opened = 0;
            return null;
        });
    }

    @Override
    public void close() {
        closeAll();
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
            selector.close();
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (running) {
            try {
                Runnable r;
                while ((r = tasks.poll()) != null) {
                    r.run();
                }
                openMore();
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn c = (Conn) k.attachment();
                    if (!k.isValid() || c.dead) {
                        continue;
                    }
                    try {
                        if (k.isConnectable()) {
                            c.ch.finishConnect();
                            stats.connected++;
                            k.interestOps(SelectionKey.OP_WRITE);
                        } else if (k.isWritable()) {
                            c.ch.write(c.request);
                            if (!c.request.hasRemaining()) {
                                c.request = null;
                                k.interestOps(SelectionKey.OP_READ);
                            }
                        } else if (k.isReadable()) {
                            read(c);
                        }
                    } catch (IOException e) {
                        fail(c, e.toString());
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (stats.firstError == null) {
                    stats.firstError = e.toString();
                }
            }
        }
    }

    private int pending() {
        return opened - stats.subscribed - stats.failed - stats.closedByServer;
    }

    private void openMore() {
        while (opened < target && pending() < maxPending) {
            opened++;
            try {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Conn c = new Conn(ch);
                c.request = ByteBuffer.wrap(requestTemplate);
                conns.add(c);
                if (ch.connect(address)) {
                    stats.connected++;
                    ch.register(selector, SelectionKey.OP_WRITE, c);
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT, c);
                }
            } catch (IOException e) {
                stats.failed++;
                if (stats.firstError == null) {
                    stats.firstError = "connect: " + e;
                }
            }
        }
    }

    private void read(Conn c) throws IOException {
        for (int round = 0; round < 8; round++) {
            readBuffer.clear();
            int n = c.ch.read(readBuffer);
            if (n < 0) {
                if (!c.dead) {
                    c.dead = true;
                    if (c.subscribed || c.inBody) {
                        stats.closedByServer++;
                    } else {
                        stats.failed++;
                    }
                    closeQuietly(c);
                }
                return;
            }
            if (n == 0) {
                return;
            }
            readBuffer.flip();
            readBuffer.get(chunk, 0, n);
            long now = System.currentTimeMillis();
            feed(c, chunk, 0, n, now);
            if (c.dead) {
                return;
            }
            if (n < chunk.length) {
                return;
            }
        }
    }

    /** Raw bytes from the socket: headers, then the body (de-chunked when needed). */
    private void feed(Conn c, byte[] b, int off, int n, long now) {
        int i = off;
        int end = off + n;
        while (i < end && !c.dead) {
            if (!c.inBody) {
                byte x = b[i++];
                if (x == '\n') {
                    headerLine(c);
                    c.len = 0;
                } else {
                    append(c, x);
                }
            } else if (!c.chunked) {
                body(c, b, i, end, now);
                i = end;
            } else if (c.chunkState == 0) {
                byte x = b[i++];
                if (x == '\n') {
                    if (c.chunkSize == 0) {
                        c.chunkState = 3; // last chunk: the response ended
                    } else {
                        c.chunkLeft = c.chunkSize;
                        c.chunkState = 1;
                    }
                    c.chunkSize = 0;
                    c.chunkSizeDone = false;
                } else if (!c.chunkSizeDone) {
                    int d = Character.digit(x, 16);
                    if (d >= 0) {
                        c.chunkSize = c.chunkSize * 16 + d;
                    } else {
                        c.chunkSizeDone = true; // ';' extension or '\r'
                    }
                }
            } else if (c.chunkState == 1) {
                int take = (int) Math.min(c.chunkLeft, end - i);
                body(c, b, i, i + take, now);
                i += take;
                c.chunkLeft -= take;
                if (c.chunkLeft == 0) {
                    c.chunkState = 2;
                }
            } else if (c.chunkState == 2) {
                if (b[i++] == '\n') {
                    c.chunkState = 0;
                }
            } else {
                i = end;
            }
        }
    }

    private void headerLine(Conn c) {
        int len = c.len;
        if (len > 0 && c.line[len - 1] == '\r') {
            len--;
        }
        String s = new String(c.line, 0, len, StandardCharsets.ISO_8859_1);
        if (c.status == 0) {
            // status line
            String[] parts = s.split(" ");
            c.status = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
            if (c.status != 200) {
                fail(c, "HTTP status " + s);
            }
        } else if (len == 0) {
            c.inBody = true;
        } else if (s.regionMatches(true, 0, "transfer-encoding:", 0, 18) && s.toLowerCase().contains("chunked")) {
            c.chunked = true;
        }
    }

    private void body(Conn c, byte[] b, int from, int to, long now) {
        for (int i = from; i < to; i++) {
            byte x = b[i];
            if (x == '\n') {
                eventLine(c, now);
                c.len = 0;
            } else {
                append(c, x);
            }
        }
    }

    private static void append(Conn c, byte x) {
        if (c.len == c.line.length) {
            c.line = java.util.Arrays.copyOf(c.line, c.line.length * 2);
        }
        c.line[c.len++] = x;
    }

    private void eventLine(Conn c, long now) {
        byte[] l = c.line;
        int len = c.len;
        if (len > 0 && l[len - 1] == '\r') {
            len--;
        }
        if (len == 0) {
            c.eventType = null;
            return;
        }
        if (l[0] == ':') {
            return;
        }
        if (startsWith(l, len, "event:")) {
            String type = new String(l, 6, len - 6, StandardCharsets.UTF_8).trim();
            c.eventType = type;
            if (type.equals("subscribed") && !c.subscribed) {
                c.subscribed = true;
                stats.subscribed++;
                subscribeMs.record((System.nanoTime() - c.openedNanos) / 1_000_000);
            } else if (type.equals("close")) {
                stats.closeEvents++;
            }
            return;
        }
        if (c.eventType != null || !startsWith(l, len, "data:")) {
            return;
        }
        int t = indexOf(l, len, TYPE, 5);
        int ts = indexOf(l, len, TS, 5);
        if (t < 0 || ts < 0) {
            return;
        }
        long v = 0;
        for (int i = ts + TS.length; i < len && l[i] >= '0' && l[i] <= '9'; i++) {
            v = v * 10 + (l[i] - '0');
        }
        if (l[t + TYPE.length] == 'm') {
            latency.record(now - v);
            int np = indexOf(l, len, N, ts);
            java.util.concurrent.atomic.AtomicLongArray times = sendTimes;
            if (np >= 0 && times != null) {
                int k = 0;
                for (int i = np + N.length; i < len && l[i] >= '0' && l[i] <= '9'; i++) {
                    k = k * 10 + (l[i] - '0');
                }
                if (k < times.length() && times.get(k) > 0) {
                    fromSend.record(now - times.get(k));
                }
            }
            stats.measured++;
            c.measured++;
            if (stats.firstMeasuredRecvMs == 0) {
                stats.firstMeasuredRecvMs = now;
            }
            stats.lastMeasuredRecvMs = now;
        } else {
            stats.other++;
        }
    }

    private static boolean startsWith(byte[] l, int len, String p) {
        if (len < p.length()) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (l[i] != p.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] l, int len, byte[] p, int from) {
        outer:
        for (int i = from; i <= len - p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (l[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void fail(Conn c, String why) {
        if (c.dead) {
            return;
        }
        c.dead = true;
        if (c.subscribed) {
            stats.closedByServer++;
        } else {
            stats.failed++;
        }
        if (stats.firstError == null) {
            stats.firstError = why;
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Conn c) {
        c.dead = true;
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
