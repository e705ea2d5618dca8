package dev.aqueduct.ws;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
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

/** {@code /api/v1/admin/ws/connections}: the room-bus connections of this node. Requires ADMIN on {@code sys:admin}. */
@Path("v1/admin/ws/connections")
@RequestScoped
@Tag(name = "admin")
public class RoomBusAdminResource {

    @Inject
    Platform platform;

    @Inject
    BusRegistry registry;

    @Context
    HttpServletRequest request;

    private void requireAdmin() {
        Principal p = RequestGuard.authenticate(platform.gate(), request);
        RequestGuard.authorize(platform.gate(), p, PlatformRooms.ADMIN, Action.ADMIN);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Count open room-bus connections on this node")
    public String count() {
        requireAdmin();
        return "{\"open\":" + registry.size() + "}";
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Close a subject's room-bus connections",
            description = "Each connection is closed with code 4000; the SDK does not reconnect after it.")
    public String close(@QueryParam("subject") String subject) {
        requireAdmin();
        if (subject == null || subject.isBlank()) {
            throw ProblemException.badRequest("invalid-subject", "query parameter 'subject' is required");
        }
        return "{\"closed\":" + registry.closeConnectionsOf(subject) + "}";
    }
}
