package dev.aqueduct.webrtc;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.core.http.ProblemException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RtcStatsReportTest {

    private static RtcStatsReport parse(String json) {
        return RtcStatsReport.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(String json) {
        ProblemException e = assertThrows(ProblemException.class, () -> parse(json));
        assertEquals(400, e.problem().status());
        return e.problem().type() + " " + e.problem().detail();
    }

    @Test
    void readsAFullReport() {
        RtcStatsReport r = parse("{\"room\":\"call:a\",\"connection\":\"pc-1\",\"localCandidateType\":\"relay\","
                + "\"remoteCandidateType\":\"prflx\",\"currentRoundTripTime\":0.042,\"bytesSent\":10,"
                + "\"bytesReceived\":20,\"packetsReceived\":30,\"packetsLost\":-1}");
        assertEquals("call:a", r.room().value());
        assertEquals("pc-1", r.connection());
        assertFalse(r.closed());
        assertEquals(CandidateType.RELAY, r.pathType());
        assertEquals(0.042, r.rttSeconds());
        assertEquals(10, r.bytesSent());
        assertEquals(20, r.bytesReceived());
        assertEquals(30, r.packetsReceived());
        assertEquals(-1, r.packetsLost(), "RTP allows a negative cumulative loss (duplicates)");
    }

    @Test
    void optionalFieldsMayBeLeftOut() {
        RtcStatsReport r = parse("{\"room\":\"call:a\",\"connection\":\"x\",\"localCandidateType\":\"host\","
                + "\"remoteCandidateType\":\"srflx\"}");
        assertEquals(CandidateType.SRFLX, r.pathType());
        assertTrue(Double.isNaN(r.rttSeconds()));
        assertEquals(RtcStatsReport.ABSENT, r.bytesSent());
        assertEquals(RtcStatsReport.ABSENT, r.packetsLost());
        assertTrue(parse("{\"room\":\"call:a\",\"connection\":\"x\",\"state\":\"closed\"}").closed());
    }

    @Test
    void refusesBadInputNamingTheField() {
        String ok = "\"room\":\"call:a\",\"connection\":\"x\",\"localCandidateType\":\"host\","
                + "\"remoteCandidateType\":\"host\"";
        assertTrue(refusal("[1]").contains("JSON object"));
        assertTrue(refusal("{nope").contains("not valid JSON"));
        assertTrue(refusal("{" + ok + ",\"bogus\":1}").contains("unknown field 'bogus'"));
        assertTrue(refusal("{\"connection\":\"x\"}").contains("'room'"));
        assertTrue(refusal("{\"room\":\"nocolon\",\"connection\":\"x\"}").startsWith("urn:aqueduct:problem:invalid-room"));
        assertTrue(refusal("{\"room\":\"call:a\",\"connection\":\"has space\"}").contains("'connection'"));
        assertTrue(refusal("{\"room\":\"call:a\",\"connection\":\"" + "x".repeat(65) + "\"}").contains("'connection'"));
        assertTrue(refusal("{\"room\":\"call:a\",\"connection\":\"x\",\"remoteCandidateType\":\"host\"}")
                .contains("'localCandidateType'"));
        assertTrue(refusal("{\"room\":\"call:a\",\"connection\":\"x\",\"localCandidateType\":\"turn\","
                + "\"remoteCandidateType\":\"host\"}").contains("one of host, srflx, prflx, relay"));
        assertTrue(refusal("{" + ok + ",\"state\":\"failed\"}").contains("'state'"));
        assertTrue(refusal("{" + ok + ",\"currentRoundTripTime\":-0.1}").contains("'currentRoundTripTime'"));
        assertTrue(refusal("{" + ok + ",\"currentRoundTripTime\":\"1\"}").contains("'currentRoundTripTime'"));
        assertTrue(refusal("{" + ok + ",\"bytesSent\":-1}").contains("'bytesSent'"));
        assertTrue(refusal("{" + ok + ",\"bytesSent\":1.5}").contains("'bytesSent'"));
        assertTrue(refusal("{" + ok + ",\"packetsReceived\":1e300}").contains("'packetsReceived'"));
        assertTrue(refusal("{" + ok + ",\"packetsLost\":\"3\"}").contains("'packetsLost'"));
    }
}
