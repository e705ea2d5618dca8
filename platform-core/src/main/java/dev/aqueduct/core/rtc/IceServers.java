package dev.aqueduct.core.rtc;

import dev.aqueduct.core.http.Json;
import java.time.Instant;
import java.util.List;

/**
 * The ICE servers a client gets for {@code new RTCPeerConnection({iceServers})}: the STUN URLs, and the TURN URLs
 * with a TURN REST credential for the caller's subject. Every transport hands out the same answer (the REST endpoint,
 * room signaling on the bus), so a client needs one call less.
 */
public final class IceServers {

    private IceServers() {
    }

    /**
     * {@code {"iceServers":[...],"ttl":seconds}} for {@code subject}: a STUN entry when STUN URLs are set, a TURN entry
     * with a credential valid for {@code ttl} seconds from {@code now} when TURN URLs and a secret are set.
     */
    public static String json(RtcSettings s, String subject, Instant now) {
        StringBuilder sb = new StringBuilder("{\"iceServers\":[");
        boolean first = true;
        if (!s.stunUrls().isEmpty()) {
            urls(sb.append('{'), s.stunUrls()).append('}');
            first = false;
        }
        long ttl = s.turnTtl().toSeconds();
        if (!s.turnUrls().isEmpty() && !s.turnSecrets().isEmpty()) {
            TurnCredentials.Credential c = TurnCredentials.issue(s.turnSecrets().get(0), subject,
                    Instant.ofEpochSecond(now.getEpochSecond() + ttl));
            sb.append(first ? "" : ",");
            urls(sb.append('{'), s.turnUrls()).append(",\"username\":");
            Json.quote(sb, c.username()).append(",\"credential\":");
            Json.quote(sb, c.credential()).append('}');
        }
        return sb.append("],\"ttl\":").append(ttl).append('}').toString();
    }

    private static StringBuilder urls(StringBuilder sb, List<String> urls) {
        sb.append("\"urls\":[");
        for (int i = 0; i < urls.size(); i++) {
            Json.quote(sb.append(i > 0 ? "," : ""), urls.get(i));
        }
        return sb.append(']');
    }
}
