package dev.aqueduct.ws;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.AuthenticationException;
import dev.aqueduct.api.spi.HistoryStore;
import dev.aqueduct.api.spi.HistoryStore.Position;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.core.hub.Subscriber;
import dev.aqueduct.core.rtc.IceServers;
import dev.aqueduct.core.rtc.RtcSettings;
import dev.aqueduct.core.security.RateLimiter;
import dev.aqueduct.core.security.TokenBucket;
import dev.aqueduct.core.socket.Handshake;
import dev.aqueduct.core.socket.Outbox;
import dev.aqueduct.core.socket.SocketConnection;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One room-bus connection: reads client messages (on the container's thread for this session, one at a time),
 * checks each against the gate, and receives room messages from the hub into its {@link Outbox}. See
 * docs/protocols/room-bus.md.
 */
final class BusConnection extends SocketConnection implements Subscriber {

    private static final Logger LOG = Logger.getLogger(BusConnection.class.getName());
    static final String TRANSPORT = "ws";
    static final int MAX_ID_LENGTH = 200;
    static final int MAX_TYPE_LENGTH = 100;

    /** A joined room: while {@code held} is not null the join is replaying and live messages wait in it. */
    private static final class Joined {
        final RoomId room;
        String epoch;
        long lastSeq;
        List<Envelope> held = new ArrayList<>();

        Joined(RoomId room) {
            this.room = room;
        }
    }

    private final BusRegistry registry;
    private final BusSettings settings;
    private final Handshake handshake;
    private final WireFormat format;
    private final Map<RoomId, Joined> rooms = new ConcurrentHashMap<>();
    private volatile Principal principal;
    private TokenBucket bucket;

    private final long openedNanos = System.nanoTime();
    private volatile long lastInboundNanos = openedNanos;
    private volatile long lastPingNanos = openedNanos;
    private volatile long expiredSinceNanos;
    private long malformedWindowStart = openedNanos;
    private int malformedInWindow;
    private int rateStrikes;

    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private long partialBytes;
    private boolean discarding;

    BusConnection(String id, BusRegistry registry, Session session, Handshake handshake) {
        super(id, TRANSPORT, registry.platform(), registry.writers(), session,
                WireFormat.of(session.getNegotiatedSubprotocol()), limits(registry.settings()));
        this.registry = registry;
        this.settings = registry.settings();
        this.handshake = handshake;
        this.format = WireFormat.of(session.getNegotiatedSubprotocol());
    }

    private static Outbox.Limits limits(BusSettings s) {
        return new Outbox.Limits(s.maxQueuedMessages(), s.maxQueuedBytes(), s.batchMaxMessages(),
                s.slowConsumerStall().toNanos());
    }

    @Override
    public Principal principal() {
        return principal;
    }

    // ---- inbound ------------------------------------------------------------------------------------------------

    @Override
    protected void opened() {
        if (handshake != null && !handshake.originAllowed()) {
            close(4403, "origin not allowed", true);
            return;
        }
        String veto = vetoed(Hooks.Event.CONNECT, null, null);
        if (veto != null) {
            send(Messages.error("forbidden", veto, null, null, null, null));
            close(4403, veto, true);
        }
    }

    @Override
    protected void onText(String part, boolean last) {
        if (!accept(part.length() <= limit() / 3 ? part.length() : utf8Length(part), last)) {
            return;
        }
        text.append(part);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            platform.telemetry().messagesIn(TRANSPORT, 1, partialBytes);
            partialBytes = 0;
            JsonValue v;
            try {
                v = EncodedEnvelope.parse(message);
            } catch (jakarta.json.JsonException e) {
                refuse(null, new Refusal("malformed", "not valid JSON: " + firstLine(e.getMessage())));
                return;
            }
            handle(v);
        }
    }

    @Override
    protected void onBinary(ByteBuffer part, boolean last) {
        if (!accept(part.remaining(), last)) {
            return;
        }
        byte[] b = new byte[part.remaining()];
        part.get(b);
        binary.write(b, 0, b.length);
        if (last) {
            byte[] message = binary.toByteArray();
            binary.reset();
            platform.telemetry().messagesIn(TRANSPORT, 1, partialBytes);
            partialBytes = 0;
            Cbor.Lenient decoded;
            try {
                decoded = Cbor.decodeLenient(message);
            } catch (Cbor.CborException e) {
                refuse(null, new Refusal("malformed", "not valid CBOR: " + e.getMessage()));
                return;
            }
            if (decoded.unsupported() != null) {
                refuseUnsupported(decoded);
                return;
            }
            handle(decoded.value());
        }
    }

    @Override
    protected void onPong() {
        lastInboundNanos = System.nanoTime();
    }

    /** Counts a part of an incoming message; closes with 4413 when the message grows past the limit. */
    private boolean accept(long bytes, boolean last) {
        lastInboundNanos = System.nanoTime();
        if (discarding || closing) {
            return false;
        }
        partialBytes += bytes;
        if (partialBytes > limit()) {
            discarding = true;
            text.setLength(0);
            binary.reset();
            close(4413, "message larger than " + limit() + " bytes", true);
            return false;
        }
        return true;
    }

    private int limit() {
        return platform.gate().limits().maxMessageBytes();
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    private void handle(JsonValue v) {
        ClientMessage m = null;
        try {
            m = ClientMessage.of(v);
            if (principal == null && !"hello".equals(m.op)) {
                throw new Refusal("hello-required", "send hello first");
            }
            switch (m.op) {
                case "hello" -> hello(m);
                case "join" -> join(m);
                case "leave" -> leave(m);
                case "pub" -> pub(m);
                case "presence" -> presence(m);
                case "refresh" -> refresh(m);
                case "signal" -> signal(m);
                case "ice-servers" -> iceServers(m);
                case "ping" -> send(Messages.op("pong", m.ref).build());
                default -> throw new Refusal("unknown-op", "unknown op '" + m.op + "'");
            }
        } catch (Refusal r) {
            refuse(m, r);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "room bus message failed on connection " + id, e);
            refuse(m, new Refusal("internal", "the server failed to handle the message; it was not applied"));
        }
    }

    /** Well-formed CBOR with a value JSON cannot express: refused like any invalid field, with the message's ref. */
    private void refuseUnsupported(Cbor.Lenient decoded) {
        ClientMessage m = null;
        try {
            m = ClientMessage.of(decoded.value());
        } catch (Refusal notEvenAMessage) {
            // the error below says what is wrong with the value; the message has no usable ref or op
        }
        refuse(m, new Refusal("invalid-field", decoded.unsupported()));
    }

    private void refuse(ClientMessage m, Refusal r) {
        if (m != null && "signal".equals(m.op)) {
            platform.telemetry().rtcSignalRefused(TRANSPORT, r.code);
        }
        send(Messages.error(r.code, r.getMessage(), m == null ? r.ref : m.ref, m == null ? null : m.op, r.room,
                r.retryAfterMs));
        if (r.thenClose != 0) {
            close(r.thenClose, "rate limited", true);
            return;
        }
        if (r.isMalformed()) {
            long now = System.nanoTime();
            if (now - malformedWindowStart > TimeUnit.MINUTES.toNanos(1)) {
                malformedWindowStart = now;
                malformedInWindow = 0;
            }
            if (++malformedInWindow > settings.maxMalformed()) {
                close(4400, "too many malformed messages", true);
            }
        }
    }

    private void hello(ClientMessage m) throws Refusal {
        if (principal != null) {
            throw new Refusal("invalid-field", "hello was already sent on this connection");
        }
        String token = m.optionalString("token", 1, 16_384);
        boolean batch = m.bool("batch", false);
        m.optionalString("client", 1, 100);
        if (token == null && handshake != null) {
            token = handshake.token();
        }
        try {
            principal = platform.gate().authenticate(token);
        } catch (AuthenticationException e) {
            send(Messages.error("token-invalid", e.getMessage(), m.ref, m.op, null, null));
            close(4401, "token " + e.reason().code(), true);
            return;
        }
        String veto = vetoed(Hooks.Event.AUTHENTICATE, null, null);
        if (veto != null) {
            send(Messages.error("forbidden", veto, m.ref, m.op, null, null));
            close(4403, veto, true);
            return;
        }
        bucket = platform.gate().connectionBucket();
        outbox.batch(batch);
        send(Messages.op("welcome", m.ref).add("connId", id).add("heartbeatMs", settings.heartbeat().toMillis())
                .add("maxMessageBytes", limit()).add("expiresAt", principal.expiresAt().toEpochMilli())
                .add("batch", batch).build());
    }

    /** The checks every room action goes through: token still valid, rate, then permission. */
    private void admit(RoomId room, Action action) throws Refusal {
        if (principal.isExpired(platform.clock().instant())) {
            throw new Refusal("token-expired", "the token expired; send refresh with a new one", room);
        }
        long now = System.nanoTime();
        RateLimiter.Result r = bucket.tryTake(1, now) ? platform.gate().tryAcquire(principal)
                : new RateLimiter.Result(false, bucket.nanosUntil(1, now));
        if (!r.allowed()) {
            platform.telemetry().rateLimited("connection");
            Refusal refusal = new Refusal("rate-limited", "too many messages; slow down", room,
                    Math.max(1, TimeUnit.NANOSECONDS.toMillis(r.retryAfterNanos())));
            throw ++rateStrikes >= settings.rateLimitStrikes() ? refusal.thenClose(4429) : refusal;
        }
        rateStrikes = 0;
        if (!platform.gate().authorize(principal, room, action).isAllow()) {
            throw new Refusal("forbidden", action.name() + " is not allowed on room " + room, room);
        }
    }

    private void join(ClientMessage m) throws Refusal {
        RoomId room = m.room();
        Position since = m.since();
        boolean rtc = m.bool("rtc", false);
        if (rooms.containsKey(room)) {
            throw new Refusal("already-joined", "already joined " + room, room);
        }
        if (rooms.size() >= platform.gate().limits().maxRoomsPerConnection()) {
            throw new Refusal("too-many-rooms", "a connection may join at most "
                    + platform.gate().limits().maxRoomsPerConnection() + " rooms", room);
        }
        admit(room, Action.READ);
        String veto = vetoed(Hooks.Event.JOIN, room, null);
        if (veto != null) {
            throw new Refusal("forbidden", veto, room);
        }
        Joined j = new Joined(room);
        rooms.put(room, j);
        platform.hub().subscribe(room, this);
        HistoryStore history = platform.hub().history();
        HistoryStore.Replay replay = since == null
                ? new HistoryStore.Replay(true, history.position(room), List.of())
                : history.since(room, since);
        if (since != null) {
            platform.telemetry().replay(TRANSPORT, replay.recovered());
        }
        boolean recovered = since == null || replay.recovered();
        Position start = since != null && replay.recovered() ? since : replay.current();
        synchronized (j) {
            j.epoch = start.epoch();
            j.lastSeq = start.seq();
            JsonObjectBuilder joined = Messages.op("joined", m.ref).add("room", room.value())
                    .add("epoch", start.epoch()).add("seq", start.seq()).add("resumed", since != null)
                    .add("recovered", recovered);
            if (rtc && platform.gate().authorize(principal, room, Action.SIGNAL).isAllow()) {
                joined.add("rtc", iceServersFor());
            }
            send(joined.build());
            for (Envelope e : replay.messages()) {
                deliverLocked(j, e);
            }
            for (Envelope e : j.held) {
                deliverLocked(j, e);
            }
            j.held = null;
        }
        platform.telemetry().joined(TRANSPORT);
        send(registry.presence().snapshot(room));
    }

    private void leave(ClientMessage m) throws Refusal {
        RoomId room = m.room();
        if (!rooms.containsKey(room)) {
            throw new Refusal("not-joined", "not joined to " + room, room);
        }
        drop(room);
        send(Messages.op("left", m.ref).add("room", room.value()).add("reason", "leave").build());
        happened(Hooks.Event.LEAVE, room, null);
    }

    private void drop(RoomId room) {
        rooms.remove(room);
        platform.hub().unsubscribe(room, this);
        registry.presence().remove(room, id);
        registry.signals().mesh().leave(room, id);
    }

    private void pub(ClientMessage m) throws Refusal {
        RoomId room = m.room();
        String pubId = m.string("id", 1, MAX_ID_LENGTH);
        String type = m.optionalString("type", 1, MAX_TYPE_LENGTH);
        JsonValue payload = m.required("payload");
        admit(room, Action.WRITE);
        String veto = vetoed(Hooks.Event.MESSAGE, room, payload.toString());
        if (veto != null) {
            throw new Refusal("forbidden", veto, room);
        }
        Envelope e = platform.hub().publish(room, type == null ? "message" : type, payload.toString(),
                principal.subject(), pubId);
        platform.telemetry().acked(TRANSPORT);
        send(Messages.op("ack", m.ref).add("id", pubId).add("room", room.value()).add("seq", e.seq()).build());
    }

    private void presence(ClientMessage m) throws Refusal {
        RoomId room = m.room();
        JsonValue state = m.required("state");
        if (!rooms.containsKey(room)) {
            throw new Refusal("not-joined", "join " + room + " before setting presence there", room);
        }
        admit(room, Action.PRESENCE);
        registry.presence().set(room, id, principal.subject(), state);
    }

    /**
     * Relays a WebRTC signal to one connection of the room. The sender must be joined and may SIGNAL there; the
     * target's side is checked where it is connected. {@code from} and {@code fromConn} are this connection's, whatever
     * the message says.
     */
    private void signal(ClientMessage m) throws Refusal {
        RoomId room = m.room();
        String to = m.string("to", 1, MAX_ID_LENGTH);
        String kind = m.string("kind", 1, 20);
        if (!SignalRelay.KINDS.contains(kind)) {
            throw new Refusal("invalid-field", "'kind' must be one of offer, answer, candidate, renegotiate", room);
        }
        JsonValue data = m.fields.get("data");
        if (!rooms.containsKey(room)) {
            throw new Refusal("not-joined", "join " + room + " before signaling there", room);
        }
        if (to.equals(id)) {
            throw new Refusal("invalid-field", "'to' is this connection itself", room);
        }
        admit(room, Action.SIGNAL);
        registry.signals().send(this, m.ref, room, to, kind, data);
    }

    /** ICE servers for the room's calls, the same as {@code GET /api/v1/rtc/ice-servers?room=}. */
    private void iceServers(ClientMessage m) throws Refusal {
        RoomId room = m.room();
        admit(room, Action.SIGNAL);
        JsonObject ice = iceServersFor();
        send(Messages.op("ice-servers", m.ref).add("room", room.value()).add("iceServers", ice.get("iceServers"))
                .add("ttl", ice.get("ttl")).build());
    }

    private JsonObject iceServersFor() {
        return EncodedEnvelope.parse(IceServers.json(RtcSettings.from(platform.settings()), principal.subject(),
                platform.clock().instant())).asJsonObject();
    }

    /** The target's side of a signal: joined to the room, and allowed to SIGNAL there. */
    void checkSignalTarget(RoomId room) throws Refusal {
        Principal p = principal;
        if (closing || p == null || !rooms.containsKey(room)) {
            throw new Refusal("not-in-room", "the target connection is not in " + room, room);
        }
        if (!platform.gate().authorize(p, room, Action.SIGNAL).isAllow()) {
            throw new Refusal("target-forbidden", "the target may not SIGNAL in " + room, room);
        }
    }

    void deliverSignal(JsonObject frame) {
        if (!closing) {
            send(frame);
        }
    }

    void signaled(SignalRelay.Pending p) {
        if (!closing) {
            send(Messages.op("signaled", p.ref()).add("room", p.room().value()).add("to", p.to())
                    .add("kind", p.kind()).build());
        }
    }

    void signalRefused(SignalRelay.Pending p, String code, String message) {
        if (!closing) {
            send(Messages.error(code, message, p.ref(), "signal", p.room(), null));
        }
    }

    private void refresh(ClientMessage m) throws Refusal {
        String token = m.string("token", 1, 16_384);
        Principal next;
        try {
            next = platform.gate().authenticate(token);
        } catch (AuthenticationException e) {
            send(Messages.error("token-invalid", e.getMessage(), m.ref, m.op, null, null));
            close(4401, "token " + e.reason().code(), true);
            return;
        }
        if (!next.subject().equals(principal.subject())) {
            send(Messages.error("token-invalid", "the new token is for another subject", m.ref, m.op, null, null));
            close(4401, "token for another subject", true);
            return;
        }
        principal = next;
        expiredSinceNanos = 0;
        send(Messages.op("refreshed", m.ref).add("expiresAt", next.expiresAt().toEpochMilli()).build());
        recheckRooms();
    }

    /** Takes away the rooms the current token no longer may READ. */
    private void recheckRooms() {
        Principal p = principal;
        for (RoomId room : List.copyOf(rooms.keySet())) {
            if (!platform.gate().authorize(p, room, Action.READ).isAllow()) {
                drop(room);
                send(Messages.op("left", null).add("room", room.value()).add("reason", "forbidden").build());
            }
        }
    }

    // ---- outbound -----------------------------------------------------------------------------------------------

    @Override
    public void offer(Envelope e) {
        if (closing) {
            return;
        }
        Joined j = rooms.get(e.room());
        if (j == null) {
            return;
        }
        if (e.seq() == 0) {
            synchronized (j) {
                if (j.held == null) {
                    enqueue(EncodedEnvelope.frameFor(e, format));
                }
            }
            return;
        }
        synchronized (j) {
            if (j.held != null) {
                j.held.add(e);
                return;
            }
            if (deliverLocked(j, e)) {
                platform.telemetry().delivered(TRANSPORT, Math.max(0, System.currentTimeMillis() - e.ts()));
            }
        }
    }

    private boolean deliverLocked(Joined j, Envelope e) {
        if (e.seq() <= j.lastSeq) {
            return false;
        }
        j.lastSeq = e.seq();
        enqueue(EncodedEnvelope.frameFor(e, format));
        return true;
    }

    private void send(JsonObject message) {
        enqueue(format.encode(message));
    }

    // ---- timers and closing ------------------------------------------------------------------------------------

    /** Hello timeout, heartbeats, dead peers and token expiry; called about once a second. */
    void tick(long now) {
        if (closing) {
            return;
        }
        Principal p = principal;
        if (p == null) {
            if (now - openedNanos > settings.helloTimeout().toNanos()) {
                close(4408, "no hello", true);
            }
            return;
        }
        long alive = Math.max(lastInboundNanos, outbox.lastProgressNanos());
        if (now - alive > settings.heartbeat().toNanos() + settings.pongTimeout().toNanos()) {
            close(4408, "no pong", false);
            return;
        }
        if (now - lastPingNanos >= settings.heartbeat().toNanos()) {
            lastPingNanos = now;
            outbox.ping();
        }
        if (p.isExpired(platform.clock().instant())) {
            if (expiredSinceNanos == 0) {
                expiredSinceNanos = now;
                send(Messages.op("error", null).add("code", "token-expired")
                        .add("message", "the token expired; send refresh with a new one")
                        .add("graceMs", settings.tokenGrace().toMillis()).build());
            } else if (now - expiredSinceNanos > settings.tokenGrace().toNanos()) {
                close(4401, "token expired", true);
            }
        }
    }

    /** Re-checks READ on every joined room (rules may change while the token stays the same). */
    void recheck() {
        if (principal != null && !closing) {
            recheckRooms();
        }
    }

    @Override
    protected void release() {
        for (RoomId room : List.copyOf(rooms.keySet())) {
            drop(room);
        }
    }

    @Override
    protected void unregister() {
        registry.remove(this);
    }

    @Override
    protected String who() {
        return subject();
    }

    String id() {
        return id;
    }

    String subject() {
        Principal p = principal;
        return p == null ? "(unauthenticated)" : p.subject();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

}
