package dev.aqueduct.webrtc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerConnectionRegistryTest {

    private static final Instant T0 = Instant.ofEpochSecond(1_767_225_600L);
    private static final RtcStatsSettings LIMITS = new RtcStatsSettings(Duration.ofSeconds(30), 4096, 5, 2);

    private final PeerConnectionRegistry registry = new PeerConnectionRegistry();

    private static RtcStatsReport report(String connection, String local, String remote, String counters) {
        String json = "{\"room\":\"call:a\",\"connection\":\"" + connection + "\",\"localCandidateType\":\"" + local
                + "\",\"remoteCandidateType\":\"" + remote + "\"" + counters + "}";
        return RtcStatsReport.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static RtcStatsReport closed(String connection) {
        return RtcStatsReport.parse(("{\"room\":\"call:a\",\"connection\":\"" + connection + "\",\"state\":\"closed\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private Map<CandidateType, Integer> active() {
        return registry.activeByType();
    }

    @Test
    void aConnectionWhosePathChangesMovesToItsNewType() {
        registry.report("alice", report("a", "host", "host", ""), T0, LIMITS);
        registry.report("alice", report("a", "relay", "host", ""), T0.plusSeconds(1), LIMITS);
        assertEquals(Map.of(CandidateType.HOST, 0, CandidateType.SRFLX, 0, CandidateType.PRFLX, 0,
                CandidateType.RELAY, 1), active());
    }

    @Test
    void countsConnectionsByTheirMoreRelayedSide() {
        registry.report("alice", report("a", "host", "host", ""), T0, LIMITS);
        registry.report("alice", report("b", "host", "relay", ""), T0, LIMITS);
        registry.report("bob", report("a", "srflx", "prflx", ""), T0, LIMITS);
        assertEquals(Map.of(CandidateType.HOST, 1, CandidateType.SRFLX, 1, CandidateType.PRFLX, 0,
                CandidateType.RELAY, 1), active());
    }

    @Test
    void countersCountWhatGrewSinceThePreviousReport() {
        PeerConnectionRegistry.Delta first = registry.report("alice", report("a", "relay", "relay",
                ",\"currentRoundTripTime\":0.025,\"bytesSent\":1000,\"packetsReceived\":50,\"packetsLost\":2"), T0, LIMITS);
        assertEquals(new PeerConnectionRegistry.Delta(CandidateType.RELAY, 25.0, 1000, 0, 50, 2), first);
        PeerConnectionRegistry.Delta second = registry.report("alice", report("a", "relay", "relay",
                ",\"bytesSent\":1500,\"packetsReceived\":80,\"packetsLost\":1"), T0.plusSeconds(5), LIMITS);
        assertEquals(500, second.bytesSent());
        assertEquals(30, second.packetsReceived());
        assertEquals(0, second.packetsLost(), "a counter that goes down adds nothing");
        assertTrue(Double.isNaN(second.rttMillis()));
        PeerConnectionRegistry.Delta third = registry.report("alice", report("a", "relay", "relay",
                ",\"packetsReceived\":90,\"packetsLost\":4"), T0.plusSeconds(10), LIMITS);
        assertEquals(0, third.bytesSent(), "not reported this time");
        assertEquals(10, third.packetsReceived());
        assertEquals(3, third.packetsLost(), "counted from the lower value on");
        assertEquals(500, registry.report("alice", report("a", "relay", "relay", ",\"bytesSent\":2000"),
                T0.plusSeconds(15), LIMITS).bytesSent(), "a counter left out keeps its last value");
    }

    @Test
    void theSameConnectionIdOfAnotherUserIsAnotherConnection() {
        registry.report("alice", report("a", "relay", "relay", ",\"bytesSent\":100"), T0, LIMITS);
        assertEquals(50, registry.report("bob", report("a", "relay", "relay", ",\"bytesSent\":50"), T0, LIMITS)
                .bytesSent());
        assertEquals(2, registry.size());
    }

    @Test
    void aConnectionStopsBeingActiveWhenClosedOrSilentForTheExpiry() {
        registry.report("alice", report("a", "relay", "relay", ""), T0, LIMITS);
        registry.report("alice", report("b", "host", "host", ""), T0.plusSeconds(20), LIMITS);
        assertNull(registry.report("alice", closed("b"), T0.plusSeconds(21), LIMITS));
        assertEquals(1, registry.size());
        registry.sweep(T0.plusSeconds(29), LIMITS.expiry());
        assertEquals(1, active().get(CandidateType.RELAY));
        registry.sweep(T0.plusSeconds(30), LIMITS.expiry());
        assertEquals(0, active().get(CandidateType.RELAY));
        assertEquals(0, registry.size());
        assertNull(registry.report("alice", closed("never-seen"), T0, LIMITS), "closing an unknown one is fine");
    }

    @Test
    void aUserAboveTheLimitPushesOutTheirLeastRecentConnection() {
        registry.report("alice", report("a", "relay", "relay", ""), T0, LIMITS);
        registry.report("alice", report("b", "host", "host", ""), T0.plusSeconds(1), LIMITS);
        registry.report("alice", report("c", "srflx", "srflx", ""), T0.plusSeconds(2), LIMITS);
        assertEquals(2, registry.size());
        assertEquals(0, active().get(CandidateType.RELAY), "a was the least recent");
        registry.report("alice", report("b", "host", "host", ""), T0.plusSeconds(3), LIMITS);
        assertEquals(2, registry.size(), "a known connection is not a new one");

        RtcStatsSettings one = new RtcStatsSettings(Duration.ofSeconds(30), 4096, 5, 1);
        registry.report("bob", report("a", "relay", "relay", ""), T0, one);
        registry.report("bob", report("b", "relay", "relay", ""), T0.plusSeconds(1), one);
        registry.report("bob", report("c", "relay", "relay", ""), T0.plusSeconds(2), one);
        assertEquals(1, active().get(CandidateType.RELAY), "each new one replaced the previous");
        assertEquals(3, registry.size());
    }

    @Test
    void aFullNodeRefusesNewConnectionsUntilSomeExpire() {
        for (int i = 0; i < 5; i++) {
            registry.report("user" + i, report("a", "host", "host", ""), T0, LIMITS);
        }
        assertThrows(PeerConnectionRegistry.FullException.class,
                () -> registry.report("late", report("a", "host", "host", ""), T0.plusSeconds(1), LIMITS));
        registry.report("user0", report("a", "host", "host", ""), T0.plusSeconds(2), LIMITS);
        registry.report("late", report("a", "host", "host", ""), T0.plusSeconds(31), LIMITS);
        assertEquals(2, registry.size(), "the silent ones expired to make room");
    }
}
