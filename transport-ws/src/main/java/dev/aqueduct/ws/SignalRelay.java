package dev.aqueduct.ws;

import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.ClusterBus;
import dev.aqueduct.core.metrics.Telemetry;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Room signaling between two room-bus connections. A signal travels on the cluster bus (channel
 * {@code ws.rtc.signal.<room>}, so the pair keeps its order) to the node that holds the target; that node checks the
 * target's side, delivers, and answers on {@code ws.rtc.result}, which turns into {@code signaled} or {@code error}
 * for the sender. A signal nobody answers within the timeout (the target's node is gone) fails as
 * {@code peer-unreachable}.
 */
final class SignalRelay {

    private static final Logger LOG = Logger.getLogger(SignalRelay.class.getName());
    static final String SIGNAL_CHANNEL = "ws.rtc.signal.";
    static final String RESULT_CHANNEL = "ws.rtc.result";
    static final Set<String> KINDS = Set.of("offer", "answer", "candidate", "renegotiate");

    /** A signal sent from this node and not answered yet. */
    record Pending(BusConnection sender, JsonValue ref, RoomId room, String to, String kind, long deadlineNanos) {
    }

    private final BusRegistry registry;
    private final Telemetry telemetry;
    private final ClusterBus bus;
    private final RoomMesh mesh = new RoomMesh();
    private final IntSupplier maxMeshPeers;
    private final long timeoutNanos;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ClusterBus.Subscription signals;
    private final ClusterBus.Subscription results;

    SignalRelay(BusRegistry registry, Telemetry telemetry, ClusterBus bus, IntSupplier maxMeshPeers, Duration timeout) {
        this.registry = registry;
        this.telemetry = telemetry;
        this.bus = bus;
        this.maxMeshPeers = maxMeshPeers;
        this.timeoutNanos = timeout.toNanos();
        this.signals = bus.subscribe(SIGNAL_CHANNEL, this::onSignal);
        this.results = bus.subscribe(RESULT_CHANNEL, this::onResult);
    }

    RoomMesh mesh() {
        return mesh;
    }

    int maxMeshPeers() {
        return maxMeshPeers.getAsInt();
    }

    /**
     * Sends a signal whose sender side was checked (joined, SIGNAL, rate). An offer first makes the sender a peer of
     * the room's mesh.
     */
    void send(BusConnection sender, JsonValue ref, RoomId room, String to, String kind, JsonValue data)
            throws Refusal {
        if ("offer".equals(kind) && !mesh.enter(room, sender.id(), maxMeshPeers())) {
            throw meshFull(room);
        }
        String id = sender.id() + '#' + Long.toString(ids.incrementAndGet(), 36);
        pending.put(id, new Pending(sender, ref, room, to, kind, System.nanoTime() + timeoutNanos));
        JsonObjectBuilder b = EncodedEnvelope.JSON.createObjectBuilder().add("id", id).add("room", room.value())
                .add("to", to).add("kind", kind).add("fromConn", sender.id()).add("from", sender.subject());
        if (data != null) {
            b.add("data", data);
        }
        bus.publish(SIGNAL_CHANNEL + room.value(), b.build().toString().getBytes(StandardCharsets.UTF_8));
    }

    static Refusal meshFull(RoomId room) {
        return new Refusal("mesh-full", "the peer-to-peer mesh of " + room + " is full; use an SFU for larger calls",
                room);
    }

    /** On the target's node: its side of the checks, the mesh, then delivery. */
    private void onSignal(ClusterBus.BusMessage m) {
        JsonObject s;
        try {
            s = EncodedEnvelope.parse(new String(m.body(), StandardCharsets.UTF_8)).asJsonObject();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dropping an undecodable signal on " + m.channel(), e);
            return;
        }
        String to = s.getString("to");
        BusConnection target = registry.find(to);
        if (target == null) {
            if (registry.isLocalId(to)) {
                answer(s, new Refusal("not-in-room", "no connection " + to + " is in the room", null));
            }
            return;
        }
        RoomId room = RoomId.of(s.getString("room"));
        String kind = s.getString("kind");
        try {
            target.checkSignalTarget(room);
            if ("offer".equals(kind) && !mesh.enter(room, to, maxMeshPeers())) {
                throw meshFull(room);
            }
        } catch (Refusal r) {
            answer(s, r);
            return;
        }
        JsonObjectBuilder frame = Messages.op("signal", null).add("room", room.value()).add("kind", kind)
                .add("from", s.getString("from")).add("fromConn", s.getString("fromConn"));
        JsonValue data = s.get("data");
        if (data != null) {
            frame.add("data", data);
        }
        target.deliverSignal(frame.build());
        telemetry.rtcSignal(BusConnection.TRANSPORT, kind);
        answer(s, null);
    }

    private void answer(JsonObject signal, Refusal r) {
        JsonObjectBuilder b = EncodedEnvelope.JSON.createObjectBuilder().add("id", signal.getString("id"));
        if (r != null) {
            telemetry.rtcSignalRefused(BusConnection.TRANSPORT, r.code);
            b.add("code", r.code).add("message", r.getMessage());
        }
        bus.publish(RESULT_CHANNEL, b.build().toString().getBytes(StandardCharsets.UTF_8));
    }

    /** On the sender's node: the answer of the target's node. */
    private void onResult(ClusterBus.BusMessage m) {
        JsonObject r;
        try {
            r = EncodedEnvelope.parse(new String(m.body(), StandardCharsets.UTF_8)).asJsonObject();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dropping an undecodable signal result", e);
            return;
        }
        Pending p = pending.remove(r.getString("id"));
        if (p == null) {
            return;
        }
        if (r.containsKey("code")) {
            p.sender().signalRefused(p, r.getString("code"), r.getString("message"));
        } else {
            p.sender().signaled(p);
        }
    }

    /** Fails the signals whose answer is overdue; called about once a second. */
    void sweep(long now) {
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (now - p.deadlineNanos() > 0 && pending.remove(e.getKey(), p)) {
                telemetry.rtcSignalRefused(BusConnection.TRANSPORT, "peer-unreachable");
                p.sender().signalRefused(p, "peer-unreachable", "no node answered for connection " + p.to());
            }
        }
    }

    void close() {
        signals.close();
        results.close();
    }
}
