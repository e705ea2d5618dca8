package dev.aqueduct.webrtc;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.http.Problem;
import dev.aqueduct.core.http.ProblemException;
import dev.aqueduct.core.http.RequestGuard;
import dev.aqueduct.core.security.Gate;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/rtc/stats}: a client's getStats() summary of one peer connection, for the metrics. */
@Path("v1/rtc/stats")
@RequestScoped
@Tag(name = "rtc", description = "WebRTC")
public class RtcStatsResource {

    @Inject
    Platform platform;

    @Inject
    RtcStatsService stats;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a peer connection's stats",
            description = "Body {room, connection, state?, localCandidateType, remoteCandidateType, "
                    + "currentRoundTripTime? (s), bytesSent?, bytesReceived?, packetsReceived?, packetsLost?}; "
                    + "counters cumulative as getStats() gives them. Requires SIGNAL on the room. The connection "
                    + "counts as active until it reports state \"closed\" or stops reporting for "
                    + "aqueduct.rtc.stats.expiry.")
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "400", description = "Not a valid report (the problem names the field)")
    @APIResponse(responseCode = "401", description = "Missing or refused token")
    @APIResponse(responseCode = "403", description = "No SIGNAL on the room")
    @APIResponse(responseCode = "413", description = "Body larger than aqueduct.rtc.stats.max-bytes")
    @APIResponse(responseCode = "429", description = "Rate limited; see Retry-After")
    @APIResponse(responseCode = "503", description = "This node tracks aqueduct.rtc.stats.max-connections already")
    public Response report(InputStream body) throws IOException {
        Gate gate = platform.gate();
        RequestGuard.checkOrigin(gate, request);
        Principal principal = RequestGuard.authenticate(gate, request);
        RequestGuard.rateLimit(gate, principal);
        RtcStatsSettings settings = stats.settings();
        byte[] bytes = body.readNBytes(settings.maxBytes() + 1);
        if (bytes.length > settings.maxBytes()) {
            throw ProblemException.tooLarge("a stats report may have at most " + settings.maxBytes() + " bytes");
        }
        RtcStatsReport report = RtcStatsReport.parse(bytes);
        RequestGuard.authorize(gate, principal, report.room(), Action.SIGNAL);
        try {
            stats.report(principal.subject(), report);
        } catch (PeerConnectionRegistry.FullException e) {
            throw new ProblemException(Problem.of(503, "stats-full", "Service unavailable", e.getMessage()));
        }
        return Response.noContent().build();
    }
}
