package dev.aqueduct.webrtc;

import dev.aqueduct.api.RoomId;
import dev.aqueduct.core.http.ProblemException;
import dev.aqueduct.core.http.RequestGuard;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One client's summary of {@code RTCPeerConnection.getStats()} for one peer connection (the body of
 * {@code POST /api/v1/rtc/stats}; fields in docs/webrtc.md). Counters are cumulative since the connection started,
 * as getStats reports them; {@link #ABSENT} marks one that was not reported.
 */
record RtcStatsReport(RoomId room, String connection, boolean closed, CandidateType local, CandidateType remote,
                      double rttSeconds, long bytesSent, long bytesReceived, long packetsReceived, long packetsLost) {

    static final long ABSENT = Long.MIN_VALUE;
    static final int MAX_CONNECTION_ID = 64;
    static final double MAX_RTT_SECONDS = 60;
    private static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_CONNECTION_ID + "}");
    private static final BigDecimal MAX_COUNTER = BigDecimal.valueOf(1L << 53);
    private static final Set<String> FIELDS = Set.of("room", "connection", "state", "localCandidateType",
            "remoteCandidateType", "currentRoundTripTime", "bytesSent", "bytesReceived", "packetsReceived",
            "packetsLost");

    /** The type of the path the connection uses (relay when either side is relayed). */
    CandidateType pathType() {
        return CandidateType.path(local, remote);
    }

    static RtcStatsReport parse(byte[] body) {
        JsonObject o = object(body);
        for (String k : o.keySet()) {
            if (!FIELDS.contains(k)) {
                throw invalid("unknown field '" + k + "'");
            }
        }
        if (!(o.get("room") instanceof JsonString room)) {
            throw invalid("'room' must be a room id string");
        }
        RoomId roomId = RequestGuard.room(room.getString());
        if (!(o.get("connection") instanceof JsonString conn) || !CONNECTION_ID.matcher(conn.getString()).matches()) {
            throw invalid("'connection' must be 1 to " + MAX_CONNECTION_ID + " characters of A-Z a-z 0-9 . _ : -");
        }
        String state = o.containsKey("state") ? string(o, "state") : "connected";
        if (!state.equals("connected") && !state.equals("closed")) {
            throw invalid("'state' must be \"connected\" or \"closed\"");
        }
        boolean closed = state.equals("closed");
        CandidateType local = candidateType(o, "localCandidateType", closed);
        CandidateType remote = candidateType(o, "remoteCandidateType", closed);
        double rtt = Double.NaN;
        if (o.containsKey("currentRoundTripTime")) {
            if (!(o.get("currentRoundTripTime") instanceof JsonNumber n) || n.doubleValue() < 0
                    || n.doubleValue() > MAX_RTT_SECONDS) {
                throw invalid("'currentRoundTripTime' must be a number of seconds from 0 to " + (int) MAX_RTT_SECONDS);
            }
            rtt = n.doubleValue();
        }
        return new RtcStatsReport(roomId, conn.getString(), closed, local, remote, rtt, counter(o, "bytesSent", false),
                counter(o, "bytesReceived", false), counter(o, "packetsReceived", false),
                counter(o, "packetsLost", true));
    }

    private static JsonObject object(byte[] body) {
        try (JsonReader r = jakarta.json.Json.createReader(new ByteArrayInputStream(body))) {
            if (!(r.readValue() instanceof JsonObject o)) {
                throw invalid("the body must be a JSON object");
            }
            return o;
        } catch (JsonException | IllegalStateException e) {
            throw invalid("the body is not valid JSON");
        }
    }

    private static String string(JsonObject o, String key) {
        if (!(o.get(key) instanceof JsonString s)) {
            throw invalid("'" + key + "' must be a string");
        }
        return s.getString();
    }

    private static CandidateType candidateType(JsonObject o, String key, boolean optional) {
        if (!o.containsKey(key) && optional) {
            return CandidateType.HOST;
        }
        CandidateType t = o.get(key) instanceof JsonString s ? CandidateType.of(s.getString()) : null;
        if (t == null) {
            throw invalid("'" + key + "' must be one of host, srflx, prflx, relay");
        }
        return t;
    }

    private static long counter(JsonObject o, String key, boolean mayBeNegative) {
        JsonValue v = o.get(key);
        if (v == null) {
            return ABSENT;
        }
        if (v instanceof JsonNumber n && n.isIntegral() && n.bigDecimalValue().abs().compareTo(MAX_COUNTER) <= 0
                && (mayBeNegative || n.bigDecimalValue().signum() >= 0)) {
            return n.longValueExact();
        }
        throw invalid("'" + key + "' must be " + (mayBeNegative ? "an integer" : "an integer of 0 or more")
                + " up to 2^53");
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.badRequest("invalid-stats", detail);
    }
}
