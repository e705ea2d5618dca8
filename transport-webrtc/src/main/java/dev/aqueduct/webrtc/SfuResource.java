package dev.aqueduct.webrtc;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.RtcJoinRequest;
import dev.aqueduct.api.spi.RtcProvider;
import dev.aqueduct.api.spi.RtcTicket;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.http.Json;
import dev.aqueduct.core.http.Problem;
import dev.aqueduct.core.http.ProblemException;
import dev.aqueduct.core.http.RequestGuard;
import dev.aqueduct.core.security.Gate;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/rtc/sfu/{room}}: a ticket to join the room's call on the SFU of the {@link RtcProvider} plugin. */
@Path("v1/rtc/sfu/{room}")
@RequestScoped
@Tag(name = "rtc", description = "WebRTC")
public class SfuResource {

    private static final Logger LOG = Logger.getLogger(SfuResource.class.getName());

    @Inject
    Platform platform;

    @Context
    HttpServletRequest request;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Join a room on the SFU",
            description = "{\"provider\", \"url\", \"room\", \"token\", \"expiresAt\" (Unix seconds)} from the first "
                    + "running RtcProvider plugin. Requires SIGNAL on the room; the SFU permissions follow the other "
                    + "actions allowed there (WRITE: publish, READ: subscribe, ADMIN: administer).")
    @APIResponse(responseCode = "200", description = "The ticket")
    @APIResponse(responseCode = "401", description = "Missing or refused token")
    @APIResponse(responseCode = "403", description = "No SIGNAL on the room")
    @APIResponse(responseCode = "429", description = "Rate limited; see Retry-After")
    @APIResponse(responseCode = "501", description = "No SFU plugin is configured")
    @APIResponse(responseCode = "503", description = "The SFU plugin cannot issue tickets now")
    public String join(@PathParam("room") @Parameter(description = "Room id, e.g. call:standup") String roomParam) {
        Gate gate = platform.gate();
        RequestGuard.checkOrigin(gate, request);
        Principal principal = RequestGuard.authenticate(gate, request);
        RoomId room = RequestGuard.room(roomParam);
        RequestGuard.authorize(gate, principal, room, Action.SIGNAL);
        RequestGuard.rateLimit(gate, principal);
        List<RtcProvider> providers = platform.plugins().providers(RtcProvider.class);
        if (providers.isEmpty()) {
            throw new ProblemException(Problem.of(501, "no-sfu", "Not implemented",
                    "no SFU is configured on this server (no running RtcProvider plugin)"));
        }
        Set<Action> allowed = gate.allowedActions(principal, room);
        RtcTicket t;
        try {
            t = providers.get(0).join(new RtcJoinRequest(principal, room, allowed, platform.clock().instant()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the SFU plugin refused a ticket for " + room + ": " + e, e);
            throw new ProblemException(Problem.of(503, "sfu-unavailable", "Service unavailable",
                    "the SFU plugin cannot issue a ticket now"));
        }
        if (t == null) {
            throw new ProblemException(Problem.of(503, "sfu-unavailable", "Service unavailable",
                    "the SFU plugin returned no ticket"));
        }
        StringBuilder sb = new StringBuilder("{\"provider\":");
        Json.quote(sb, t.provider()).append(",\"url\":");
        Json.quote(sb, t.url()).append(",\"room\":");
        Json.quote(sb, t.room()).append(",\"token\":");
        Json.quote(sb, t.token()).append(",\"expiresAt\":").append(t.expiresAt().getEpochSecond());
        return sb.append('}').toString();
    }
}
