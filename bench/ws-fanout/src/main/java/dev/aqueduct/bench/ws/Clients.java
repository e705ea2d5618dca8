package dev.aqueduct.bench.ws;

import dev.aqueduct.bench.common.Histogram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Many WebSocket client connections on a few NIO selector threads, speaking either protocol ({@link Wire}). Every
 * connection opens, upgrades, does the protocol's handshake (hello and joins, or the Socket.IO connect and join
 * events), then receives; some also publish on a fixed schedule. For every delivered message the receiving thread
 * reads the publisher's send time from the payload ({@code "sent":} in microseconds of this process's monotonic
 * clock) and records the latency.
 *
 * <p>All connection state is touched only by its selector thread; other threads talk to the threads through
 * {@link #onEach}, which runs a task on every thread and collects the answers.
 */
final class Clients implements AutoCloseable {

    /** 100 µs buckets up to 120 s. */
    static final int LATENCY_UNIT_US = 100;
    private static final int LATENCY_BUCKETS = 1_200_000;

    private static final long T0 = System.nanoTime();

    /** Microseconds of the monotonic clock since this class was loaded: the clock of the {@code sent} stamps. */
    static long nowUs() {
        return (System.nanoTime() - T0) / 1000;
    }

    /** {@code System.nanoTime()} value in the microseconds of {@link #nowUs}. */
    static long toUs(long nanos) {
        return (nanos - T0) / 1000;
    }

    /** What to open: the rooms to join and who to be. */
    record Spec(int index, String token, String sub, List<String> rooms) {
    }

    /** A publishing schedule for one connection: one {@code pub} every {@code periodNanos} from {@code firstNanos}. */
    record Schedule(Spec publisher, String room, int fanout, long firstNanos, long periodNanos, long endNanos) {
    }

    /** Counters, summed over the threads. The per-step ones are cleared by {@link #resetStep}. */
    static final class Stats {
        int opening;
        int ready;
        int failed;
        /** per step */
        int closedByServer;
        long delivered;
        long bytesIn;
        // per step
        long measured;
        long expected;
        long published;
        long publishedMeasured;
        long acks;
        long errors;
        long skipped;
        long minPerConn = Long.MAX_VALUE;
        long maxPerConn;
        long firstMeasuredSentUs = Long.MAX_VALUE;
        long lastMeasuredRecvUs;
        Histogram latency;
        String firstError;
        String firstClose;

        void add(Stats o) {
            opening += o.opening;
            ready += o.ready;
            failed += o.failed;
            closedByServer += o.closedByServer;
            delivered += o.delivered;
            bytesIn += o.bytesIn;
            measured += o.measured;
            expected += o.expected;
            published += o.published;
            publishedMeasured += o.publishedMeasured;
            acks += o.acks;
            errors += o.errors;
            skipped += o.skipped;
            minPerConn = Math.min(minPerConn, o.minPerConn);
            maxPerConn = Math.max(maxPerConn, o.maxPerConn);
            firstMeasuredSentUs = Math.min(firstMeasuredSentUs, o.firstMeasuredSentUs);
            lastMeasuredRecvUs = Math.max(lastMeasuredRecvUs, o.lastMeasuredRecvUs);
            if (o.latency != null) {
                if (latency == null) {
                    latency = o.latency.copy();
                } else {
                    latency.add(o.latency);
                }
            }
            if (firstError == null) {
                firstError = o.firstError;
            }
            if (firstClose == null) {
                firstClose = o.firstClose;
            }
        }
    }

    private final Wire wire;
    private final InetSocketAddress address;
    private final String hostHeader;
    private final List<IoThread> threads = new ArrayList<>();

    Clients(Wire wire, String host, int port, int ioThreads, int maxPending) throws IOException {
        this.wire = wire;
        this.address = new InetSocketAddress(host, port);
        this.hostHeader = host + ":" + port;
        for (int i = 0; i < ioThreads; i++) {
            IoThread t = new IoThread(i, Math.max(1, maxPending / ioThreads));
            threads.add(t);
            t.start();
        }
    }

    int threads() {
        return threads.size();
    }

    /** Queues the connections to open (spec i goes to thread i mod threads); they open at most maxPending at a time. */
    void open(List<Spec> specs) {
        for (int i = 0; i < threads.size(); i++) {
            int k = i;
            List<Spec> mine = new ArrayList<>();
            for (Spec s : specs) {
                if (s.index() % threads.size() == k) {
                    mine.add(s);
                }
            }
            threads.get(k).submit(t -> {
                t.toOpen.addAll(mine);
                t.openMore();
                return null;
            });
        }
    }

    /** Installs publishing schedules; each runs on the thread of its publisher's connection. */
    void publish(List<Schedule> schedules) {
        for (IoThread t : threads) {
            List<Schedule> mine = new ArrayList<>();
            for (Schedule s : schedules) {
                if (s.publisher().index() % threads.size() == t.id) {
                    mine.add(s);
                }
            }
            t.submit(th -> {
                for (Schedule s : mine) {
                    Conn c = th.byIndex(s.publisher().index());
                    if (c == null) {
                        th.error("publisher " + s.publisher().index() + " is not open");
                        continue;
                    }
                    th.slots.add(new Slot(c, s));
                }
                return null;
            });
        }
    }

    /** Clears the per-step counters and sets the window of send times whose deliveries are measured. */
    void resetStep(long measureFromUs, long measureToUs) {
        onEach(t -> {
            t.resetStep(measureFromUs, measureToUs);
            return null;
        });
    }

    Stats stats(boolean withLatency) {
        Stats sum = new Stats();
        for (Stats s : onEach(t -> t.stats(withLatency))) {
            sum.add(s);
        }
        return sum;
    }

    /** Sends a close frame on every connection, closes them and forgets them. */
    void closeAll() {
        onEach(t -> {
            t.closeAll();
            return null;
        });
    }

    @Override
    public void close() {
        closeAll();
        for (IoThread t : threads) {
            t.running = false;
            t.selector.wakeup();
        }
        for (IoThread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> List<T> onEach(Function<IoThread, T> task) {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (IoThread t : threads) {
            futures.add(t.submit(task));
        }
        List<T> out = new ArrayList<>();
        for (CompletableFuture<T> f : futures) {
            try {
                out.add(f.get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException("client thread did not answer", e);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------------------

    enum ConnState { CONNECTING, UPGRADING, HANDSHAKE, READY, CLOSED }

    /** One client connection. Only its thread touches it. */
    static final class Conn {
        final Spec spec;
        final SocketChannel ch;
        final IoThread thread;
        SelectionKey key;
        ConnState state = ConnState.CONNECTING;
        String wsKey;
        byte[] head = new byte[1024];
        int headLen;
        byte[] carry;
        int carryLen;
        byte[] frag;
        int fragLen;
        int fragOp;
        ByteBuffer out;
        int joined;
        long pubSeq;
        long measured;
        boolean subscriber;
        long openedNanos = System.nanoTime();

        Conn(Spec spec, SocketChannel ch, IoThread thread) {
            this.spec = spec;
            this.ch = ch;
            this.thread = thread;
        }

        String sub() {
            return spec.sub();
        }

        /** Sends one text frame. */
        void sendText(String text) {
            thread.send(this, 0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Called by the wire when the handshake is done. */
        void ready() {
            if (state == ConnState.HANDSHAKE) {
                state = ConnState.READY;
                subscriber = !spec.rooms().isEmpty();
                thread.pending--;
                thread.ready++;
                thread.openMore();
            }
        }

        void fail(String why) {
            thread.fail(this, why);
        }

        void ack() {
            thread.acks++;
        }

        void error(String text) {
            thread.errors++;
            thread.error(text);
        }

        /** One delivered message published at {@code sentUs}, received at {@code recvUs}. */
        void delivered(long sentUs, long recvUs) {
            IoThread t = thread;
            t.delivered++;
            if (sentUs >= t.measureFromUs && sentUs < t.measureToUs) {
                t.measured++;
                measured++;
                t.latency.record((recvUs - sentUs) / LATENCY_UNIT_US);
                if (recvUs > t.lastMeasuredRecvUs) {
                    t.lastMeasuredRecvUs = recvUs;
                }
            }
        }
    }

    private record Slot(Conn conn, Schedule schedule, long[] next) implements Comparable<Slot> {
        Slot(Conn conn, Schedule schedule) {
            this(conn, schedule, new long[] {schedule.firstNanos()});
        }

        @Override
        public int compareTo(Slot o) {
            return Long.compare(next[0], o.next[0]);
        }
    }

    final class IoThread extends Thread {
        final int id;
        final Selector selector;
        final int maxPending;
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        final ArrayDeque<Spec> toOpen = new ArrayDeque<>();
        final List<Conn> conns = new ArrayList<>();
        final java.util.HashMap<Integer, Conn> byIndex = new java.util.HashMap<>();
        final PriorityQueue<Slot> slots = new PriorityQueue<>();
        ByteBuffer in = ByteBuffer.allocate(512 * 1024);
        volatile boolean running = true;
        int pending;
        int ready;
        int failed;
        int closedByServer;
        long delivered;
        long bytesIn;
        long measured;
        long expected;
        long published;
        long publishedMeasured;
        long acks;
        long errors;
        long skipped;
        long measureFromUs = Long.MAX_VALUE;
        long measureToUs = Long.MAX_VALUE;
        long firstMeasuredSentUs = Long.MAX_VALUE;
        long lastMeasuredRecvUs;
        final Histogram latency = new Histogram(LATENCY_BUCKETS);
        String firstError;
        String firstClose;

        IoThread(int id, int maxPending) throws IOException {
            super("ws-client-" + id);
            setDaemon(true);
            this.id = id;
            this.maxPending = maxPending;
            this.selector = Selector.open();
        }

        <T> CompletableFuture<T> submit(Function<IoThread, T> task) {
            CompletableFuture<T> f = new CompletableFuture<>();
            tasks.add(() -> {
                try {
                    f.complete(task.apply(this));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
            selector.wakeup();
            return f;
        }

        Conn byIndex(int index) {
            return byIndex.get(index);
        }

        void error(String text) {
            if (firstError == null) {
                firstError = text.length() > 300 ? text.substring(0, 300) + "..." : text;
            }
        }

        void resetStep(long from, long to) {
            measured = 0;
            expected = 0;
            published = 0;
            publishedMeasured = 0;
            acks = 0;
            errors = 0;
            skipped = 0;
            firstMeasuredSentUs = Long.MAX_VALUE;
            lastMeasuredRecvUs = 0;
            latency.clear();
            firstError = null;
            firstClose = null;
            closedByServer = 0;
            for (Conn c : conns) {
                c.measured = 0;
            }
            slots.clear();
            measureFromUs = from;
            measureToUs = to;
        }

        Stats stats(boolean withLatency) {
            Stats s = new Stats();
            s.opening = pending + toOpen.size();
            s.ready = ready;
            s.failed = failed;
            s.closedByServer = closedByServer;
            s.delivered = delivered;
            s.bytesIn = bytesIn;
            s.measured = measured;
            s.expected = expected;
            s.published = published;
            s.publishedMeasured = publishedMeasured;
            s.acks = acks;
            s.errors = errors;
            s.skipped = skipped;
            for (Conn c : conns) {
                if (c.subscriber && c.state == ConnState.READY) {
                    s.minPerConn = Math.min(s.minPerConn, c.measured);
                    s.maxPerConn = Math.max(s.maxPerConn, c.measured);
                }
            }
            s.firstMeasuredSentUs = firstMeasuredSentUs;
            s.lastMeasuredRecvUs = lastMeasuredRecvUs;
            s.latency = withLatency ? latency.copy() : null;
            s.firstError = firstError;
            s.firstClose = firstClose;
            return s;
        }

        void openMore() {
            while (pending < maxPending && !toOpen.isEmpty()) {
                Spec spec = toOpen.poll();
                pending++;
                try {
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    Conn c = new Conn(spec, ch, this);
                    conns.add(c);
                    byIndex.put(spec.index(), c);
                    if (ch.connect(address)) {
                        c.key = ch.register(selector, SelectionKey.OP_READ, c);
                        upgrade(c);
                    } else {
                        c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
                    }
                } catch (IOException e) {
                    pending--;
                    failed++;
                    error("connect: " + e);
                }
            }
        }

        void closeAll() {
            for (Conn c : conns) {
                if (c.state != ConnState.CLOSED) {
                    if (c.state == ConnState.READY || c.state == ConnState.HANDSHAKE) {
                        // close frame, status 1000; best effort
                        send(c, 0x8, new byte[] {0x03, (byte) 0xE8});
                    }
                    if (c.state != ConnState.READY) {
                        pending--;
                    } else {
                        ready--;
                    }
                    c.state = ConnState.CLOSED;
                    closeQuietly(c);
                }
            }
            conns.clear();
            byIndex.clear();
            toOpen.clear();
            slots.clear();
        }

        @Override
        public void run() {
            while (running) {
                try {
                    long now = System.nanoTime();
                    publishDue(now);
                    long timeoutMs = 100;
                    Slot next = slots.peek();
                    if (next != null) {
                        // rounded up: a publish may go out up to 1 ms late (its stamp is the real send time), but
                        // the thread never spins waiting for it
                        long left = next.next()[0] - System.nanoTime();
                        timeoutMs = left <= 0 ? 0 : Math.min(100, (left + 999_999) / 1_000_000);
                    }
                    if (!tasks.isEmpty()) {
                        timeoutMs = 0;
                    }
                    if (timeoutMs == 0) {
                        selector.selectNow();
                    } else {
                        selector.select(timeoutMs);
                    }
                    Runnable r;
                    while ((r = tasks.poll()) != null) {
                        r.run();
                    }
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        Conn c = (Conn) k.attachment();
                        if (!k.isValid()) {
                            continue;
                        }
                        try {
                            if (k.isConnectable()) {
                                if (c.ch.finishConnect()) {
                                    k.interestOps(SelectionKey.OP_READ);
                                    upgrade(c);
                                }
                                continue;
                            }
                            if (k.isWritable()) {
                                flush(c);
                            }
                            if (k.isValid() && k.isReadable()) {
                                read(c);
                            }
                        } catch (IOException | RuntimeException e) {
                            fail(c, e.toString());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    error("selector: " + e);
                }
            }
            for (Conn c : conns) {
                closeQuietly(c);
            }
            try {
                selector.close();
            } catch (IOException e) {
                // ignore
            }
        }

        private void publishDue(long now) {
            Slot s;
            while ((s = slots.peek()) != null && s.next()[0] <= now) {
                slots.poll();
                Conn c = s.conn();
                Schedule sc = s.schedule();
                if (c.state == ConnState.READY) {
                    if (c.out != null && c.out.position() > 4 * 1024 * 1024) {
                        skipped++;
                    } else {
                        long sent = nowUs();
                        wire.publish(c, sc.room(), c.spec.index() + "-" + (++c.pubSeq), sent);
                        published++;
                        if (sent >= measureFromUs && sent < measureToUs) {
                            publishedMeasured++;
                            expected += sc.fanout();
                            if (sent < firstMeasuredSentUs) {
                                firstMeasuredSentUs = sent;
                            }
                        }
                    }
                }
                s.next()[0] += sc.periodNanos();
                if (s.next()[0] < sc.endNanos() && c.state != ConnState.CLOSED) {
                    slots.add(s);
                }
            }
        }

        private void upgrade(Conn c) {
            byte[] k = new byte[16];
            ThreadLocalRandom.current().nextBytes(k);
            c.wsKey = Base64.getEncoder().encodeToString(k);
            StringBuilder req = new StringBuilder(512)
                    .append("GET ").append(wire.path(c.spec)).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(hostHeader).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: ").append(c.wsKey).append("\r\n")
                    .append("Sec-WebSocket-Version: 13\r\n");
            if (wire.subprotocol() != null) {
                req.append("Sec-WebSocket-Protocol: ").append(wire.subprotocol()).append("\r\n");
            }
            req.append("\r\n");
            c.state = ConnState.UPGRADING;
            write(c, ByteBuffer.wrap(req.toString().getBytes(StandardCharsets.US_ASCII)));
        }

        private void read(Conn c) throws IOException {
            for (int round = 0; round < 8; round++) {
                ByteBuffer buf = in;
                buf.clear();
                if (c.carryLen > 0) {
                    if (c.carryLen >= buf.capacity() / 2) {
                        in = ByteBuffer.allocate(Math.min(64 * 1024 * 1024, c.carryLen * 4));
                        buf = in;
                    }
                    buf.put(c.carry, 0, c.carryLen);
                    c.carryLen = 0;
                }
                int n = c.ch.read(buf);
                if (n < 0) {
                    closedByServer++;
                    fail(c, "closed by the server (end of stream)");
                    return;
                }
                bytesIn += Math.max(0, n);
                long recvUs = nowUs();
                int limit = buf.position();
                int p = 0;
                byte[] a = buf.array();
                if (c.state == ConnState.UPGRADING) {
                    p = upgradeResponse(c, a, limit);
                    if (p < 0) {
                        return;
                    }
                }
                p = frames(c, a, p, limit, recvUs);
                if (c.state == ConnState.CLOSED) {
                    return;
                }
                int left = limit - p;
                if (left > 0) {
                    if (c.carry == null || c.carry.length < left) {
                        c.carry = new byte[Math.max(left, 4096)];
                    }
                    System.arraycopy(a, p, c.carry, 0, left);
                    c.carryLen = left;
                }
                if (buf.hasRemaining()) {
                    return; // the socket had no more
                }
            }
        }

        /** Parses the HTTP answer to the upgrade; returns where the frames start, or -1 (more needed, or failed). */
        private int upgradeResponse(Conn c, byte[] a, int limit) {
            int end = -1;
            for (int i = 3; i < limit; i++) {
                if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                    end = i + 1;
                    break;
                }
            }
            if (end < 0) {
                if (limit > 16 * 1024) {
                    fail(c, "upgrade response too long");
                    return -1;
                }
                c.carry = java.util.Arrays.copyOf(a, Math.max(limit, 4096));
                c.carryLen = limit;
                return -1;
            }
            String head = new String(a, 0, end, StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 101")) {
                fail(c, "upgrade refused: " + head.lines().findFirst().orElse(head));
                return -1;
            }
            String accept = header(head, "sec-websocket-accept");
            if (!expectedAccept(c.wsKey).equals(accept)) {
                fail(c, "bad Sec-WebSocket-Accept: " + accept);
                return -1;
            }
            c.state = ConnState.HANDSHAKE;
            wire.opened(c);
            return end;
        }

        /** Parses complete frames in a[p, limit); returns where the first incomplete frame starts. */
        private int frames(Conn c, byte[] a, int p, int limit, long recvUs) {
            while (limit - p >= 2 && c.state != ConnState.CLOSED) {
                int b0 = a[p] & 0xff;
                int b1 = a[p + 1] & 0xff;
                if ((b1 & 0x80) != 0) {
                    fail(c, "masked frame from the server");
                    return limit;
                }
                long len = b1 & 0x7f;
                int hdr = 2;
                if (len == 126) {
                    if (limit - p < 4) {
                        break;
                    }
                    len = ((a[p + 2] & 0xff) << 8) | (a[p + 3] & 0xff);
                    hdr = 4;
                } else if (len == 127) {
                    if (limit - p < 10) {
                        break;
                    }
                    len = 0;
                    for (int i = 2; i < 10; i++) {
                        len = (len << 8) | (a[p + i] & 0xff);
                    }
                    hdr = 10;
                }
                if (len > 64 * 1024 * 1024) {
                    fail(c, "frame too large: " + len);
                    return limit;
                }
                if (limit - p - hdr < len) {
                    break;
                }
                frame(c, b0, a, p + hdr, (int) len, recvUs);
                p += hdr + (int) len;
            }
            return p;
        }

        private void frame(Conn c, int b0, byte[] a, int off, int len, long recvUs) {
            boolean fin = (b0 & 0x80) != 0;
            int op = b0 & 0x0f;
            switch (op) {
                case 0x0 -> {
                    if (c.frag == null) {
                        fail(c, "continuation without a start");
                        return;
                    }
                    appendFrag(c, a, off, len);
                    if (fin) {
                        byte[] m = c.frag;
                        int n = c.fragLen;
                        c.frag = null;
                        c.fragLen = 0;
                        if (c.fragOp == 0x1) {
                            wire.message(c, m, 0, n, recvUs);
                        }
                    }
                }
                case 0x1, 0x2 -> {
                    if (!fin) {
                        c.frag = new byte[Math.max(len * 2, 1024)];
                        c.fragLen = 0;
                        c.fragOp = op;
                        appendFrag(c, a, off, len);
                    } else if (op == 0x1) {
                        wire.message(c, a, off, len, recvUs);
                    } else {
                        error("unexpected binary frame");
                    }
                }
                case 0x8 -> {
                    int code = len >= 2 ? ((a[off] & 0xff) << 8) | (a[off + 1] & 0xff) : 1005;
                    String reason = len > 2 ? new String(a, off + 2, len - 2, StandardCharsets.UTF_8) : "";
                    closedByServer++;
                    if (firstClose == null) {
                        firstClose = code + " " + reason;
                    }
                    fail(c, "closed by the server: " + code + " " + reason);
                }
                case 0x9 -> send(c, 0xA, java.util.Arrays.copyOfRange(a, off, off + len));
                case 0xA -> {
                    // pong: nothing to do
                }
                default -> fail(c, "unknown opcode " + op);
            }
        }

        private void appendFrag(Conn c, byte[] a, int off, int len) {
            if (c.fragLen + len > c.frag.length) {
                c.frag = java.util.Arrays.copyOf(c.frag, Math.max(c.frag.length * 2, c.fragLen + len));
            }
            System.arraycopy(a, off, c.frag, c.fragLen, len);
            c.fragLen += len;
        }

        /** Sends one masked frame (client frames must be masked, RFC 6455 section 5.3). */
        void send(Conn c, int opcode, byte[] payload) {
            int len = payload.length;
            int hdr = len < 126 ? 2 : len < 65536 ? 4 : 10;
            ByteBuffer b = ByteBuffer.allocate(hdr + 4 + len);
            b.put((byte) (0x80 | opcode));
            if (len < 126) {
                b.put((byte) (0x80 | len));
            } else if (len < 65536) {
                b.put((byte) (0x80 | 126)).putShort((short) len);
            } else {
                b.put((byte) (0x80 | 127)).putLong(len);
            }
            int mask = ThreadLocalRandom.current().nextInt();
            b.putInt(mask);
            byte[] m = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
            for (int i = 0; i < len; i++) {
                b.put((byte) (payload[i] ^ m[i & 3]));
            }
            b.flip();
            write(c, b);
        }

        private void write(Conn c, ByteBuffer b) {
            if (c.state == ConnState.CLOSED) {
                return;
            }
            try {
                if (c.out == null || c.out.position() == 0) {
                    c.ch.write(b);
                    if (!b.hasRemaining()) {
                        return;
                    }
                }
                if (c.out == null) {
                    c.out = ByteBuffer.allocate(Math.max(8192, b.remaining() * 2));
                }
                if (c.out.remaining() < b.remaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(Math.max(c.out.capacity() * 2,
                            c.out.position() + b.remaining()));
                    c.out.flip();
                    bigger.put(c.out);
                    c.out = bigger;
                }
                c.out.put(b);
                c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
            } catch (IOException e) {
                fail(c, "write: " + e);
            }
        }

        private void flush(Conn c) throws IOException {
            if (c.out == null) {
                c.key.interestOps(SelectionKey.OP_READ);
                return;
            }
            c.out.flip();
            c.ch.write(c.out);
            c.out.compact();
            if (c.out.position() == 0) {
                c.key.interestOps(SelectionKey.OP_READ);
            }
        }

        void fail(Conn c, String why) {
            if (c.state == ConnState.CLOSED) {
                return;
            }
            if (c.state == ConnState.READY) {
                ready--;
            } else {
                pending--;
            }
            failed++;
            error(why);
            c.state = ConnState.CLOSED;
            closeQuietly(c);
            openMore();
        }

        private void closeQuietly(Conn c) {
            try {
                if (c.out != null && c.out.position() > 0) {
                    c.out.flip();
                    c.ch.write(c.out);
                }
            } catch (IOException e) {
                // ignore
            }
            try {
                c.ch.close();
            } catch (IOException e) {
                // ignore
            }
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String expectedAccept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] d = sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
