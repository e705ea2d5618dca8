package dev.aqueduct.webrtc;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.http.Json;
import dev.aqueduct.core.http.RequestGuard;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/rtc/ice-servers}: STUN and TURN servers for {@code RTCPeerConnection}, with TURN credentials. */
@Path("v1/rtc/ice-servers")
@RequestScoped
@Tag(name = "rtc", description = "WebRTC")
public class IceServersResource {

    @Inject
    Platform platform;

    @Context
    HttpServletRequest request;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "ICE servers for the caller",
            description = "{\"iceServers\": [...], \"ttl\": seconds}, ready for new RTCPeerConnection({iceServers}). TURN "
                    + "entries carry TURN REST credentials (username <expiry>:<subject>, credential base64 "
                    + "HMAC-SHA1) valid for ttl seconds. With ?room=, SIGNAL on that room is required.")
    @APIResponse(responseCode = "200", description = "The servers")
    @APIResponse(responseCode = "401", description = "Missing or refused token")
    @APIResponse(responseCode = "403", description = "No SIGNAL on the given room")
    public String iceServers(@QueryParam("room") String roomParam) {
        Principal p = RequestGuard.authenticate(platform.gate(), request);
        if (roomParam != null) {
            RoomId room = RequestGuard.room(roomParam);
            RequestGuard.authorize(platform.gate(), p, room, Action.SIGNAL);
        }
        RtcSettings s = RtcSettings.from(platform.settings());
        StringBuilder sb = new StringBuilder("{\"iceServers\":[");
        boolean first = true;
        if (!s.stunUrls().isEmpty()) {
            urls(sb.append('{'), s.stunUrls()).append('}');
            first = false;
        }
        long ttl = s.turnTtl().toSeconds();
        if (!s.turnUrls().isEmpty() && !s.turnSecrets().isEmpty()) {
            TurnCredentials.Credential c = TurnCredentials.issue(s.turnSecrets().get(0), p.subject(),
                    Instant.ofEpochSecond(platform.clock().instant().getEpochSecond() + ttl));
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
