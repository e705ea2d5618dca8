package dev.aqueduct.core.socket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bounded send queue of one connection. Publishing threads only add encoded frames; at most one asynchronous
 * send is outstanding, and the next one starts when it completes, so a client that reads slowly only fills its own
 * queue. When the queue overflows, {@link #add} says so and the connection closes as a slow consumer.
 */
public final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());
    private static final Object PING = new Object();

    /**
     * Bounds of the queue, and how many messages share a frame for clients that accept batches. A queue over its
     * bounds is still accepted up to twice the bounds while writes keep completing: a client that reads, only more
     * slowly than a burst arrives, is not a slow consumer until no write completed for {@code stall}.
     */
    public record Limits(int maxMessages, long maxBytes, int batchMaxMessages, long stallNanos) {
    }

    public interface Owner {
        SocketWriters writers();

        void sent(int messages, long bytes);

        void sendFailed(Throwable t);
    }

    private final Session session;
    private final FrameFormat format;
    private final Owner owner;
    private final Limits limits;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private long queuedBytes;
    private int queuedMessages;
    private boolean batch;
    private boolean sending;
    private boolean dirty;
    private boolean finished;
    private CloseReason pendingClose;
    /** When a write last completed, or the queue last became busy after being idle. */
    private long progressNanos = System.nanoTime();

    public Outbox(Session session, FrameFormat format, Owner owner, Limits limits) {
        this.session = session;
        this.format = format;
        this.owner = owner;
        this.limits = limits;
    }

    /**
     * When a write to the client last completed (or the queue last became busy). A ping waits in the queue behind a
     * backlog, so a client busy reading a backlog answers it late; writes that keep completing tell it apart from a
     * dead peer, whose socket buffer fills and stops them.
     */
    public synchronized long lastProgressNanos() {
        return progressNanos;
    }

    public synchronized void batch(boolean enabled) {
        batch = enabled;
    }

    /**
     * Queues a frame. Returns false (and queues nothing) when the queue would exceed its bounds: the caller closes
     * the connection as a slow consumer.
     */
    public boolean add(Object frame) {
        int size = FrameFormat.size(frame);
        synchronized (this) {
            if (finished || pendingClose != null) {
                return true;
            }
            if (queuedMessages + 1 > limits.maxMessages() || queuedBytes + size > limits.maxBytes()) {
                boolean progressing = System.nanoTime() - progressNanos < limits.stallNanos();
                if (!progressing || queuedMessages + 1 > 2L * limits.maxMessages()
                        || queuedBytes + size > 2 * limits.maxBytes()) {
                    return false;
                }
            }
            if (queue.isEmpty() && !sending) {
                progressNanos = System.nanoTime();
            }
            queue.addLast(frame);
            queuedMessages++;
            queuedBytes += size;
        }
        schedule();
        return true;
    }

    public void ping() {
        synchronized (this) {
            if (finished || pendingClose != null) {
                return;
            }
            queue.addLast(PING);
        }
        schedule();
    }

    /** Sends what is queued, then closes with {@code reason}. */
    void closeAfterFlush(CloseReason reason) {
        synchronized (this) {
            if (finished || pendingClose != null) {
                return;
            }
            pendingClose = reason;
        }
        pump();
    }

    /** Drops what is queued and closes with {@code reason} (slow consumers: their queue would never drain). */
    void closeNow(CloseReason reason) {
        synchronized (this) {
            if (finished) {
                return;
            }
            queue.clear();
            queuedBytes = 0;
            queuedMessages = 0;
            pendingClose = reason;
            if (sending) {
                // the outstanding send may never complete for a client that stopped reading
                sending = false;
            }
        }
        pump();
    }

    synchronized void finished() {
        finished = true;
        queue.clear();
    }

    private void schedule() {
        if (owner.writers().window().isZero()) {
            pump();
            return;
        }
        synchronized (this) {
            if (dirty || sending) {
                return;
            }
            dirty = true;
        }
        owner.writers().flushLater(this);
    }

    /** Starts sending unless a send is outstanding; loops while sends complete on this thread. */
    void pump() {
        while (true) {
            Object frame;
            int messages;
            CloseReason close = null;
            synchronized (this) {
                dirty = false;
                if (sending || finished) {
                    return;
                }
                if (queue.isEmpty()) {
                    if (pendingClose == null) {
                        return;
                    }
                    close = pendingClose;
                    finished = true;
                    frame = null;
                    messages = 0;
                } else {
                    Object first = queue.pollFirst();
                    if (first == PING) {
                        frame = PING;
                        messages = 0;
                    } else if (!batch || queue.isEmpty() || queue.peekFirst() == PING) {
                        frame = first;
                        messages = 1;
                        taken(first);
                    } else {
                        List<Object> frames = new ArrayList<>();
                        frames.add(first);
                        taken(first);
                        while (frames.size() < limits.batchMaxMessages() && !queue.isEmpty()
                                && queue.peekFirst() != PING) {
                            Object next = queue.pollFirst();
                            taken(next);
                            frames.add(next);
                        }
                        messages = frames.size();
                        frame = format.batch(frames);
                    }
                    sending = true;
                }
            }
            if (close != null) {
                owner.writers().close(session, close);
                return;
            }
            if (frame == PING) {
                sendPing();
                continue;
            }
            Send s = new Send(messages, FrameFormat.size(frame));
            try {
                if (frame instanceof String text) {
                    session.getAsyncRemote().sendText(text, s);
                } else {
                    session.getAsyncRemote().sendBinary(ByteBuffer.wrap((byte[]) frame), s);
                }
            } catch (RuntimeException e) {
                s.onResult(new SendResult(e));
                return;
            }
            if (s.returned.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void taken(Object frame) {
        queuedMessages--;
        queuedBytes -= FrameFormat.size(frame);
    }

    private void sendPing() {
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } catch (Exception e) {
            LOG.log(Level.FINE, "ping failed", e);
        }
        synchronized (this) {
            sending = false;
        }
    }

    /** Completion of one send: whichever of the sender and this handler comes second continues pumping. */
    private final class Send implements SendHandler {
        final AtomicBoolean returned = new AtomicBoolean();
        final int messages;
        final long bytes;

        Send(int messages, long bytes) {
            this.messages = messages;
            this.bytes = bytes;
        }

        @Override
        public void onResult(SendResult result) {
            if (!result.isOK()) {
                synchronized (Outbox.this) {
                    sending = false;
                    finished = true;
                    queue.clear();
                }
                owner.sendFailed(result.getException());
                return;
            }
            owner.sent(messages, bytes);
            synchronized (Outbox.this) {
                sending = false;
                progressNanos = System.nanoTime();
            }
            if (!returned.compareAndSet(false, true)) {
                pump();
            }
        }
    }
}
