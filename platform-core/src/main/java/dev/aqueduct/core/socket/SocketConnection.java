package dev.aqueduct.core.socket;

import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.hooks.Hooks;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every WebSocket connection shares: its {@link Outbox}, closing with a close code (after
 * what is queued, or at once for a slow consumer), and counting the close by the code that really ended it.
 */
public abstract class SocketConnection implements Outbox.Owner {

    private static final Logger LOG = Logger.getLogger(SocketConnection.class.getName());

    protected final String id;
    protected final Platform platform;
    protected final Session session;
    protected final Outbox outbox;
    private final String transport;
    private final SocketWriters writers;
    /** Set once the connection stops taking messages; read on hot paths. */
    protected volatile boolean closing;
    private volatile boolean done;
    /** The close code this server sent, or 0 when the client or the network ended the connection. */
    private volatile int closeCodeSent;

    protected SocketConnection(String id, String transport, Platform platform, SocketWriters writers, Session session,
                               FrameFormat format, Outbox.Limits limits) {
        this.id = id;
        this.transport = transport;
        this.platform = platform;
        this.writers = writers;
        this.session = session;
        this.outbox = new Outbox(session, format, this, limits);
    }

    /** Gives up what the connection holds (rooms, documents); called once when it starts closing, and at the end. */
    protected abstract void release();

    /** Takes the connection out of its registry; called once, when the container reports the close. */
    protected abstract void unregister();

    /** Who is connected, for logs. */
    protected abstract String who();

    /** Called once the session is open and its handlers are set. */
    protected void opened() {
    }

    /** Who is connected, for hooks; {@code null} before authentication. */
    public Principal principal() {
        return null;
    }

    /**
     * Asks the lifecycle hooks whether a vetoable event may happen.
     *
     * @return null when allowed, else the hook's reason
     */
    protected final String vetoed(Hooks.Event event, RoomId room, Object payload) {
        try {
            platform.hooks().before(event, new HookContext(transport, id, principal(), room, payload));
            return null;
        } catch (HookVetoException e) {
            return e.getMessage() == null ? "refused" : e.getMessage();
        }
    }

    /** Tells the lifecycle hooks about something that happened. */
    protected final void happened(Hooks.Event event, RoomId room, Object payload) {
        platform.hooks().after(event, new HookContext(transport, id, principal(), room, payload));
    }

    /** A part of a text frame ({@code last} on its final part). */
    protected abstract void onText(String part, boolean last);

    /** A part of a binary frame. */
    protected abstract void onBinary(ByteBuffer part, boolean last);

    /** A pong frame arrived. */
    protected abstract void onPong();

    /**
     * Queues a frame. On overflow the connection stops taking messages at once and is closed with 4008 on another
     * thread: this may run inside another connection's fan-out, which must not wait for this close.
     */
    protected final void enqueue(Object frame) {
        if (!outbox.add(frame) && !closing) {
            closing = true;
            closeCodeSent = 4008;
            platform.telemetry().slowConsumerClosed(transport);
            LOG.info(() -> "closing slow " + transport + " consumer " + id + " (" + who() + ")");
            writers.execute(() -> {
                release();
                outbox.closeNow(reason(4008, "slow consumer"));
            });
        }
    }

    /**
     * Closes with a code: after what is queued when {@code flush}, dropping it otherwise. What the connection holds
     * is released at once, so nothing more is queued.
     */
    public void close(int code, String reason, boolean flush) {
        if (closing) {
            return;
        }
        closing = true;
        closeCodeSent = code;
        release();
        if (flush) {
            outbox.closeAfterFlush(reason(code, reason));
        } else {
            outbox.closeNow(reason(code, reason));
        }
    }

    /** The container closed the session (either side); releases everything and counts the close. */
    final void onClosed(CloseReason reason) {
        if (done) {
            return;
        }
        done = true;
        closing = true;
        release();
        outbox.finished();
        unregister();
        happened(Hooks.Event.DISCONNECT, null, closeCode(reason));
        platform.telemetry().closed(transport, closeCode(reason));
        platform.telemetry().streamClosed(transport);
    }

    /**
     * The code to count a close under: the server's own, the client's, or 1006 when the connection simply ended
     * (Open Liberty reports a connection lost without a close frame as 1011).
     */
    private int closeCode(CloseReason reason) {
        if (closeCodeSent != 0) {
            return closeCodeSent;
        }
        int code = reason == null ? 1006 : reason.getCloseCode().getCode();
        return code == 1011 ? 1006 : code;
    }

    /** A close reason; the phrase is cut to the 123 bytes a close frame can carry. */
    public static CloseReason reason(int code, String phrase) {
        String p = phrase;
        while (p.getBytes(StandardCharsets.UTF_8).length > 123) {
            p = p.substring(0, p.length() - 1);
        }
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), p);
    }

    @Override
    public final SocketWriters writers() {
        return writers;
    }

    @Override
    public final void sent(int messages, long bytes) {
        if (messages > 0) {
            platform.telemetry().messagesOut(transport, messages, bytes);
        }
    }

    @Override
    public final void sendFailed(Throwable t) {
        LOG.log(Level.FINE, transport + " send failed on " + id + "; closing", t);
        closing = true;
        closeCodeSent = 1011;
        release();
        writers.close(session, reason(1011, "send failed"));
    }
}
