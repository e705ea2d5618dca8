package dev.aqueduct.webrtc;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.AuthenticationException;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.core.security.RateLimiter;
import dev.aqueduct.core.security.TokenBucket;
import dev.aqueduct.core.socket.FrameFormat;
import dev.aqueduct.core.socket.Handshake;
import dev.aqueduct.core.socket.Outbox;
import dev.aqueduct.core.socket.SocketConnection;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code WS /signaling} connection: the y-webrtc signaling protocol ({@code subscribe}, {@code unsubscribe},
 * {@code publish}, {@code ping}; one JSON object per frame), with a token from the upgrade request and SIGNAL
 * checked on the room named by each topic. See docs/webrtc.md.
 */
final class SignalingConnection extends SocketConnection {

    private static final Logger LOG = Logger.getLogger(SignalingConnection.class.getName());
    static final String TRANSPORT = "signaling";
    private static final JsonProvider JSON = JsonProvider.provider();
    /** y-webrtc clients expect one message per frame: nothing is ever batched. */
    private static final FrameFormat ONE_PER_FRAME = frames -> {
        throw new IllegalStateException("signaling frames are never batched");
    };

    private final SignalingRegistry registry;
    private final SignalingSettings settings;
    private final Handshake handshake;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private volatile Principal principal;
    private TokenBucket bucket;

    private volatile long lastInboundNanos = System.nanoTime();
    private volatile long lastPingNanos = System.nanoTime();
    private long malformedWindowStart = System.nanoTime();
    private int malformedInWindow;
    private int rateStrikes;

    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private long partialBytes;
    private boolean discarding;

    SignalingConnection(String id, SignalingRegistry registry, Session session, Handshake handshake) {
        super(id, TRANSPORT, registry.platform(), registry.writers(), session, ONE_PER_FRAME,
                new Outbox.Limits(registry.settings().maxQueuedMessages(), registry.settings().maxQueuedBytes(), 1,
                        registry.settings().slowConsumerStall().toNanos()));
        this.registry = registry;
        this.settings = registry.settings();
        this.handshake = handshake;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    /** Authenticates with the token of the upgrade request; without a valid one the connection ends with 4401. */
    @Override
    protected void opened() {
        if (handshake != null && !handshake.originAllowed()) {
            close(4403, "origin not allowed", true);
            return;
        }
        String veto = vetoed(Hooks.Event.CONNECT, null, null);
        if (veto != null) {
            send(error("forbidden", veto, null, null));
            close(4403, veto, true);
            return;
        }
        Principal p;
        try {
            p = platform.gate().authenticate(handshake == null ? null : handshake.token());
        } catch (AuthenticationException e) {
            send(error("token-invalid", e.getMessage(), null, null));
            close(4401, "token " + e.reason().code(), true);
            return;
        }
        principal = p;
        veto = vetoed(Hooks.Event.AUTHENTICATE, null, null);
        if (veto != null) {
            send(error("forbidden", veto, null, null));
            close(4403, veto, true);
            return;
        }
        bucket = platform.gate().connectionBucket();
    }

    // ---- inbound ------------------------------------------------------------------------------------------------

    @Override
    protected void onText(String part, boolean last) {
        if (!accept(part.getBytes(StandardCharsets.UTF_8).length, last)) {
            return;
        }
        text.append(part);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            received(message);
        }
    }

    /** Binary frames are read as UTF-8 JSON too, as the reference server does. */
    @Override
    protected void onBinary(ByteBuffer part, boolean last) {
        if (!accept(part.remaining(), last)) {
            return;
        }
        byte[] b = new byte[part.remaining()];
        part.get(b);
        binary.write(b, 0, b.length);
        if (last) {
            String message = binary.toString(StandardCharsets.UTF_8);
            binary.reset();
            received(message);
        }
    }

    @Override
    protected void onPong() {
        lastInboundNanos = System.nanoTime();
    }

    /** Counts a part of an incoming message; closes with 4413 when the message grows past the limit. */
    private boolean accept(long bytes, boolean last) {
        lastInboundNanos = System.nanoTime();
        if (discarding || closing || principal == null) {
            return false;
        }
        partialBytes += bytes;
        int limit = platform.gate().limits().maxMessageBytes();
        if (partialBytes > limit) {
            discarding = true;
            text.setLength(0);
            binary.reset();
            close(4413, "message larger than " + limit + " bytes", true);
            return false;
        }
        return true;
    }

    private void received(String message) {
        platform.telemetry().messagesIn(TRANSPORT, 1, partialBytes);
        partialBytes = 0;
        String type = null;
        try {
            JsonObject m = parse(message);
            JsonValue t = m.get("type");
            if (!(t instanceof JsonString s)) {
                throw new SignalingRefusal("malformed", "a message must be an object with a string 'type'", null);
            }
            type = s.getString();
            switch (type) {
                case "subscribe" -> subscribe(m);
                case "unsubscribe" -> unsubscribe(m);
                case "publish" -> publish(m);
                case "ping" -> send(JSON.createObjectBuilder().add("type", "pong").build());
                default -> throw new SignalingRefusal("unknown-type", "unknown message type '" + type + "'", null);
            }
        } catch (SignalingRefusal r) {
            refuse(type, r);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "signaling message failed on connection " + id, e);
            refuse(type, new SignalingRefusal("internal", "the server failed to handle the message", null));
        }
    }

    private static JsonObject parse(String message) throws SignalingRefusal {
        JsonValue v;
        try (JsonReader r = JSON.createReader(new StringReader(message))) {
            v = r.readValue();
        } catch (JsonException e) {
            throw new SignalingRefusal("malformed", "not valid JSON", null);
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new SignalingRefusal("malformed", "a message must be an object with a string 'type'", null);
        }
        return v.asJsonObject();
    }

    private void refuse(String type, SignalingRefusal r) {
        platform.telemetry().rtcSignalRefused(TRANSPORT, r.code);
        send(error(r.code, r.getMessage(), type, r.topic));
        if (r.thenClose != 0) {
            close(r.thenClose, r.getMessage(), true);
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

    /** The topics of a subscribe or unsubscribe: a missing array is none, as in the reference server. */
    private static List<JsonValue> topicList(JsonObject m) throws SignalingRefusal {
        JsonValue v = m.get("topics");
        if (v == null || v == JsonValue.NULL) {
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            throw new SignalingRefusal("invalid-field", "'topics' must be an array of room ids", null);
        }
        return a;
    }

    /** A topic names the room whose SIGNAL permission it needs: its id, such as {@code rtc:standup}. */
    private static RoomId room(JsonValue topic) throws SignalingRefusal {
        if (!(topic instanceof JsonString s)) {
            throw new SignalingRefusal("invalid-topic", "a topic must be a string (a room id such as rtc:standup)",
                    null);
        }
        String problem = RoomId.problem(s.getString());
        if (problem != null) {
            throw new SignalingRefusal("invalid-topic", "a topic must be a room id such as rtc:standup: " + problem,
                    s.getString());
        }
        return RoomId.of(s.getString());
    }

    /** Token still valid, rate, then SIGNAL on the topic's room. */
    private void admit(RoomId room) throws SignalingRefusal {
        if (principal.isExpired(platform.clock().instant())) {
            throw new SignalingRefusal("token-expired", "the token expired; reconnect with a new one", room.value());
        }
        long now = System.nanoTime();
        RateLimiter.Result r = bucket.tryTake(1, now) ? platform.gate().tryAcquire(principal)
                : new RateLimiter.Result(false, bucket.nanosUntil(1, now));
        if (!r.allowed()) {
            platform.telemetry().rateLimited("connection");
            throw new SignalingRefusal("rate-limited", "too many messages; slow down", room.value(),
                    ++rateStrikes >= settings.rateLimitStrikes() ? 4429 : 0);
        }
        rateStrikes = 0;
        if (!platform.gate().authorize(principal, room, Action.SIGNAL).isAllow()) {
            throw new SignalingRefusal("forbidden", "SIGNAL is not allowed on room " + room, room.value());
        }
    }

    private void subscribe(JsonObject m) throws SignalingRefusal {
        for (JsonValue t : topicList(m)) {
            try {
                subscribe(room(t));
            } catch (SignalingRefusal r) {
                if (r.thenClose != 0) {
                    throw r;
                }
                refuse("subscribe", r);
            }
        }
    }

    private void subscribe(RoomId room) throws SignalingRefusal {
        String topic = room.value();
        if (topics.contains(topic)) {
            return;
        }
        int max = platform.gate().limits().maxRoomsPerConnection();
        if (topics.size() >= max) {
            throw new SignalingRefusal("too-many-topics", "a connection may subscribe to at most " + max + " topics",
                    topic);
        }
        admit(room);
        int maxPeers = registry.maxMeshPeers();
        if (maxPeers > 0 && registry.subscribers(topic) >= maxPeers) {
            throw meshFull(topic, maxPeers);
        }
        String veto = vetoed(Hooks.Event.JOIN, room, null);
        if (veto != null) {
            throw new SignalingRefusal("forbidden", veto, topic);
        }
        if (registry.subscribe(topic, this, maxPeers) == SignalingRegistry.Subscribed.FULL) {
            throw meshFull(topic, maxPeers);
        }
        topics.add(topic);
        platform.telemetry().joined(TRANSPORT);
        platform.telemetry().rtcSignal(TRANSPORT, "subscribe");
    }

    private static SignalingRefusal meshFull(String topic, int maxPeers) {
        return new SignalingRefusal("mesh-full", "the peer-to-peer mesh of " + topic + " has " + maxPeers
                + " peers, the most allowed; use an SFU or the room bus for larger rooms", topic);
    }

    private void unsubscribe(JsonObject m) throws SignalingRefusal {
        platform.telemetry().rtcSignal(TRANSPORT, "unsubscribe");
        for (JsonValue t : topicList(m)) {
            if (t instanceof JsonString s && topics.remove(s.getString())) {
                registry.unsubscribe(s.getString(), this);
                happened(Hooks.Event.LEAVE, RoomId.of(s.getString()), null);
            }
        }
    }

    /**
     * Relays {@code data} untouched (for password-protected rooms it is ciphertext) to the topic's subscribers.
     * Unlike the reference server, the sender must be subscribed to the topic itself.
     */
    private void publish(JsonObject m) throws SignalingRefusal {
        RoomId room = room(m.get("topic"));
        admit(room);
        if (!topics.contains(room.value())) {
            throw new SignalingRefusal("not-subscribed", "subscribe to " + room + " before publishing there",
                    room.value());
        }
        JsonValue data = m.get("data");
        registry.publish(room.value(), data == null ? null : data.toString());
        platform.telemetry().rtcSignal(TRANSPORT, "publish");
    }

    // ---- outbound -----------------------------------------------------------------------------------------------

    /** A fan-out frame of a subscribed topic. */
    void deliver(String frame) {
        if (!closing) {
            enqueue(frame);
        }
    }

    private void send(JsonObject message) {
        enqueue(message.toString());
    }

    private static JsonObject error(String code, String message, String refused, String topic) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("type", "error").add("code", code)
                .add("message", message == null ? code : message);
        if (refused != null) {
            b.add("refused", refused);
        }
        if (topic != null) {
            b.add("topic", topic);
        }
        return b.build();
    }

    // ---- timers and closing ------------------------------------------------------------------------------------

    /** Heartbeats, dead peers and token expiry; called about once a second. */
    void tick(long now) {
        Principal p = principal;
        if (closing || p == null) {
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
            send(error("token-expired", "the token expired; reconnect with a new one", null, null));
            close(4401, "token expired", true);
        }
    }

    /** Takes away the topics whose room no longer grants SIGNAL (rules may change while the token stays). */
    void recheck() {
        Principal p = principal;
        if (closing || p == null) {
            return;
        }
        for (String topic : List.copyOf(topics)) {
            if (!platform.gate().authorize(p, RoomId.of(topic), Action.SIGNAL).isAllow()) {
                topics.remove(topic);
                registry.unsubscribe(topic, this);
                send(error("forbidden", "SIGNAL is no longer allowed on room " + topic + "; unsubscribed",
                        "subscribe", topic));
            }
        }
    }

    @Override
    protected void release() {
        for (String topic : List.copyOf(topics)) {
            topics.remove(topic);
            registry.unsubscribe(topic, this);
        }
    }

    @Override
    protected void unregister() {
        registry.remove(this);
    }

    @Override
    protected String who() {
        Principal p = principal;
        return p == null ? "(unauthenticated)" : p.subject();
    }
}
