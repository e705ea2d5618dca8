package dev.aqueduct.webrtc;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.http.RequestGuard;
import dev.aqueduct.core.rtc.IceServers;
import dev.aqueduct.core.rtc.RtcSettings;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
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
        return IceServers.json(RtcSettings.from(platform.settings()), p.subject(), platform.clock().instant());
    }
}
