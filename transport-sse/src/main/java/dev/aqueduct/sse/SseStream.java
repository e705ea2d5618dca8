package dev.aqueduct.sse;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HistoryStore;
import dev.aqueduct.api.spi.HistoryStore.Position;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.core.hub.Subscriber;
import dev.aqueduct.core.http.Json;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open event stream. Messages are formatted and queued on the publishing thread, which never touches the
 * socket; a writer thread of the transport's pool writes them out. A client that stops reading only fills its own
 * bounded queue (and may hold one writer thread in a blocked write); when the queue overflows the stream is closed
 * as a slow consumer, and the other streams are not affected.
 *
 * <p>Servlet non-blocking output is not used on purpose: Open Liberty falls back to blocking writes inside
 * {@code write}/{@code flush} when its buffer fills, which would stall the publishing thread.
 */
final class SseStream implements Subscriber {

    private static final Logger LOG = Logger.getLogger(SseStream.class.getName());
    static final String TRANSPORT = "sse";

    private final SseContext ctx;
    private volatile AsyncContext async;
    private final Principal principal;
    private final List<RoomId> rooms;
    private final Map<RoomId, Position> positions = new LinkedHashMap<>();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private List<Envelope> held = new ArrayList<>();
    private ServletOutputStream out;
    /** Whether a writer task is scheduled or running for this stream. */
    private boolean writing;
    /** Size of the first part (replay) still queued; it is exempt from the slow-consumer bound. */
    private int initialEvents;
    private long initialBytes;
    private boolean flushedOnce;
    /** Whether the next writer run flushes even with nothing queued. */
    private boolean forceFlush;
    private volatile long openedNanos = Long.MAX_VALUE;
    private static final long FIRST_WRITE_DELAY_MS = 20;
    private static final long[] FIRST_FLUSH_RETRIES_MS = {60, 150, 400};
    private volatile boolean closing;
    private volatile boolean closed;
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile long closingSinceNanos;

    SseStream(SseContext ctx, Principal principal, List<RoomId> rooms) {
        this.ctx = ctx;
        this.principal = principal;
        this.rooms = List.copyOf(rooms);
    }

    Principal principal() {
        return principal;
    }

    /**
     * Subscribes to every room and returns the first part of the stream (the opening comment, the replay of what the
     * cursor missed, the {@code subscribed} event). Live messages that arrive from now on are held until
     * {@link #attach}, and then delivered after it without duplicates.
     */
    List<byte[]> open(Map<RoomId, Position> cursor) {
        for (RoomId r : rooms) {
            ctx.platform().hub().subscribe(r, this);
        }
        StringBuilder summary = new StringBuilder("{\"rooms\":[");
        synchronized (this) {
            enqueueLocked(text(": aqueduct\nretry: " + ctx.settings().retry().toMillis() + "\n\n"));
            List<HistoryStore.Replay> replays = new ArrayList<>();
            HistoryStore history = ctx.platform().hub().history();
            for (RoomId r : rooms) {
                Position requested = cursor.get(r);
                HistoryStore.Replay replay = requested == null
                        ? new HistoryStore.Replay(true, history.position(r), List.of())
                        : history.since(r, requested);
                replays.add(replay);
                if (requested != null) {
                    ctx.platform().telemetry().replay(TRANSPORT, replay.recovered());
                }
                positions.put(r, replay.recovered() && requested != null ? requested : replay.current());
            }
            for (int i = 0; i < rooms.size(); i++) {
                RoomId r = rooms.get(i);
                HistoryStore.Replay replay = replays.get(i);
                boolean resumed = cursor.containsKey(r);
                if (resumed && !replay.recovered()) {
                    StringBuilder d = new StringBuilder("{\"room\":");
                    Json.quote(d, r.value()).append(",\"epoch\":");
                    Json.quote(d, replay.current().epoch()).append(",\"seq\":").append(replay.current().seq())
                            .append('}');
                    enqueueLocked(text("event: not-recovered\ndata: " + d + "\n\n"));
                }
                for (Envelope e : replay.messages()) {
                    deliverLocked(e, false);
                }
                Position p = positions.get(r);
                if (summary.charAt(summary.length() - 1) != '[') {
                    summary.append(',');
                }
                summary.append("{\"room\":");
                Json.quote(summary, r.value()).append(",\"epoch\":");
                Json.quote(summary, p.epoch()).append(",\"seq\":").append(p.seq())
                        .append(",\"resumed\":").append(resumed)
                        .append(",\"recovered\":").append(!resumed || replay.recovered()).append('}');
            }
            summary.append("]}");
            enqueueLocked(text("event: subscribed\nid: " + SseCursor.encode(positions) + "\ndata: " + summary + "\n\n"));
            List<byte[]> initial = new ArrayList<>(queue);
            queue.clear();
            queuedBytes = 0;
            return initial;
        }
    }

    /**
     * Starts writing, beginning with {@code first}. Nothing is written on the request thread: Open Liberty does not
     * reliably send what is flushed there for a streaming response, so the first write waits until the request
     * thread has returned, and flushes are repeated during the first seconds.
     */
    void attach(AsyncContext asyncContext, ServletOutputStream output, List<byte[]> first) {
        synchronized (this) {
            async = asyncContext;
            for (byte[] b : first) {
                queue.addLast(b);
                queuedBytes += b.length;
            }
            // the replay may be as long as the history; it does not count against the slow-consumer bound
            initialEvents = queue.size();
            initialBytes = queuedBytes;
            List<Envelope> pending = held;
            held = null;
            for (Envelope e : pending) {
                deliverLocked(e, true);
            }
            out = output;
        }
        lastWriteNanos = System.nanoTime();
        openedNanos = System.nanoTime();
        ctx.platform().telemetry().streamOpened(TRANSPORT);
        ScheduledExecutorService scheduler = ctx.platform().scheduler();
        scheduler.schedule(this::drain, FIRST_WRITE_DELAY_MS, TimeUnit.MILLISECONDS);
        for (long ms : FIRST_FLUSH_RETRIES_MS) {
            scheduler.schedule(this::flushAgain, ms, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void offer(Envelope e) {
        if (closing) {
            return;
        }
        synchronized (this) {
            if (held != null) {
                held.add(e);
                return;
            }
            deliverLocked(e, true);
        }
        drain();
    }

    private void deliverLocked(Envelope e, boolean live) {
        Position p = positions.get(e.room());
        if (p == null || e.seq() <= p.seq() || closing) {
            return;
        }
        if (!ctx.platform().gate().authorize(principal, e.room(), Action.READ).isAllow()) {
            closeLocked("forbidden");
            return;
        }
        positions.put(e.room(), new Position(p.epoch(), e.seq()));
        enqueueLocked(format(e));
        if (live) {
            ctx.platform().telemetry().delivered(TRANSPORT, Math.max(0, System.currentTimeMillis() - e.ts()));
        }
    }

    /**
     * The event for one envelope: the {@code id} line is this stream's cursor, the {@code data} part is the same for
     * every stream, so it is formatted once per envelope and thread (fan-out of one envelope runs on one thread).
     */
    private byte[] format(Envelope e) {
        byte[] data = DataCache.dataFor(e);
        byte[] id = ("id: " + SseCursor.encode(positions) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[id.length + data.length];
        System.arraycopy(id, 0, out, 0, id.length);
        System.arraycopy(data, 0, out, id.length, data.length);
        return out;
    }

    /** One-entry, per-thread cache of the formatted {@code data:} lines of the envelope being fanned out. */
    private static final class DataCache {
        private static final ThreadLocal<DataCache> CURRENT = ThreadLocal.withInitial(DataCache::new);
        private Envelope envelope;
        private byte[] data;

        static byte[] dataFor(Envelope e) {
            DataCache c = CURRENT.get();
            if (c.envelope != e) {
                c.data = formatData(e);
                c.envelope = e;
            }
            return c.data;
        }
    }

    private static byte[] formatData(Envelope e) {
        StringBuilder sb = new StringBuilder(160 + e.payload().length());
        sb.append("data: {\"v\":").append(e.v()).append(",\"type\":");
        Json.quote(sb, e.type()).append(",\"room\":");
        Json.quote(sb, e.room().value()).append(",\"seq\":").append(e.seq()).append(",\"id\":");
        Json.quote(sb, e.id()).append(",\"ts\":").append(e.ts()).append(",\"from\":");
        Json.quote(sb, e.from()).append(",\"payload\":");
        String payload = e.payload();
        if (payload.indexOf('\n') >= 0 || payload.indexOf('\r') >= 0) {
            payload = payload.replace("\r", "").replace("\n", "\ndata: ");
        }
        sb.append(payload).append("}\n\n");
        return text(sb.toString());
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void enqueueLocked(byte[] b) {
        queue.addLast(b);
        queuedBytes += b.length;
        SseSettings s = ctx.settings();
        if (!closing && held == null && (queue.size() - initialEvents > s.maxQueuedEvents()
                || queuedBytes - initialBytes > s.maxQueuedBytes())) {
            ctx.platform().telemetry().slowConsumerClosed(TRANSPORT);
            LOG.info(() -> "closing slow SSE consumer " + principal.subject() + " (" + queue.size() + " events, "
                    + queuedBytes + " bytes waiting)");
            queue.clear();
            queuedBytes = 0;
            closeLocked("slow_consumer");
        }
    }

    /** Sends a heartbeat when idle, and closes the stream when the token expired. Called about once a second. */
    void tick(long nowNanos) {
        if (closed) {
            return;
        }
        if (closing) {
            if (nowNanos - closingSinceNanos > ctx.settings().closeGrace().toNanos()) {
                finish();
            }
            return;
        }
        if (principal.isExpired(ctx.platform().clock().instant())) {
            close("token_expired");
            return;
        }
        if (nowNanos - lastWriteNanos >= ctx.settings().heartbeat().toNanos()) {
            synchronized (this) {
                enqueueLocked(text(":\n\n"));
            }
            drain();
        } else if (nowNanos - openedNanos < 3_000_000_000L) {
            flushAgain();
        }
    }

    /** Sends a {@code close} event with the reason, then ends the stream. */
    void close(String reason) {
        synchronized (this) {
            closeLocked(reason);
        }
        drain();
    }

    private void closeLocked(String reason) {
        if (closing) {
            return;
        }
        closing = true;
        closingSinceNanos = System.nanoTime();
        byte[] b = text("event: close\ndata: {\"reason\":\"" + reason + "\"}\n\n");
        queue.addLast(b);
        queuedBytes += b.length;
    }

    private void flushAgain() {
        synchronized (this) {
            forceFlush = true;
        }
        drain();
    }

    /** Makes sure a writer task will write what is queued. */
    private void drain() {
        synchronized (this) {
            if (writing || closed || out == null || (queue.isEmpty() && !forceFlush)) {
                return;
            }
            writing = true;
        }
        try {
            ctx.writers().execute(this::writeQueued);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            finish();
        }
    }

    /** Runs on a writer thread: writes batches until the queue is empty. */
    private void writeQueued() {
        boolean end = false;
        boolean completeNow = false;
        try {
            while (true) {
                List<byte[]> batch;
                synchronized (this) {
                    if (closed || (queue.isEmpty() && !forceFlush)) {
                        writing = false;
                        end = closing && !closed;
                        // finished while this thread was writing: it left completing the response to this thread
                        completeNow = closed;
                        break;
                    }
                    forceFlush = false;
                    batch = new ArrayList<>(queue);
                    queue.clear();
                    queuedBytes = 0;
                    initialEvents = 0;
                    initialBytes = 0;
                }
                for (byte[] b : batch) {
                    out.write(b);
                }
                out.flush();
                if (!flushedOnce) {
                    // Open Liberty sends the first flushed bytes of a streaming response only on the next flush
                    out.flush();
                    flushedOnce = true;
                }
                lastWriteNanos = System.nanoTime();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "SSE stream ended by an I/O error", e);
            synchronized (this) {
                writing = false;
                completeNow = closed;
            }
            end = true;
        }
        if (end) {
            finish();
        }
        if (completeNow) {
            complete();
        }
    }

    /**
     * Ends the stream now: unsubscribes and completes the response. While a writer thread is in a write (a client
     * that stopped reading blocks it until the client reads again or the server's write timeout), completing the
     * response would race that write and leave the connection open; the writer completes it when its write returns.
     */
    void finish() {
        boolean writerBusy;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            queue.clear();
            writerBusy = writing;
        }
        for (RoomId r : rooms) {
            ctx.platform().hub().unsubscribe(r, this);
        }
        ctx.registry().remove(this);
        ctx.platform().telemetry().streamClosed(TRANSPORT);
        ctx.platform().hooks().after(Hooks.Event.DISCONNECT, new HookContext(TRANSPORT, null, principal, null, null));
        if (!writerBusy) {
            complete();
        }
    }

    private void complete() {
        if (completed.getAndSet(true)) {
            return;
        }
        try {
            AsyncContext a = async;
            if (a != null) {
                a.complete();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "completing a closed SSE stream", e);
        }
    }

    boolean isClosed() {
        return closed;
    }
}
