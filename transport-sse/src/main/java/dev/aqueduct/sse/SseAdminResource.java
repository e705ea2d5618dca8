package dev.aqueduct.sse;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.PlatformRooms;
import dev.aqueduct.core.http.ProblemException;
import dev.aqueduct.core.http.RequestGuard;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/admin/sse/streams}: the SSE streams of this node. Requires ADMIN on {@code sys:admin}. */
@Path("v1/admin/sse/streams")
@RequestScoped
@Tag(name = "admin")
public class SseAdminResource {

    static final RoomId ADMIN_ROOM = PlatformRooms.ADMIN;

    @Inject
    Platform platform;

    @Inject
    StreamRegistry registry;

    @Context
    HttpServletRequest request;

    private void requireAdmin() {
        Principal p = RequestGuard.authenticate(platform.gate(), request);
        RequestGuard.authorize(platform.gate(), p, ADMIN_ROOM, Action.ADMIN);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Count open SSE streams on this node")
    public String count() {
        requireAdmin();
        return "{\"open\":" + registry.size() + "}";
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Close a subject's SSE streams",
            description = "Each stream gets a close event with reason closed_by_admin. Clients may reconnect and "
                    + "resume while their token is valid; to lock someone out, revoke their access.")
    public String close(@QueryParam("subject") String subject) {
        requireAdmin();
        if (subject == null || subject.isBlank()) {
            throw ProblemException.badRequest("invalid-subject", "query parameter 'subject' is required");
        }
        return "{\"closed\":" + registry.closeStreamsOf(subject) + "}";
    }
}
