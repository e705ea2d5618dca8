package dev.aqueduct.web;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.http.ProblemException;
import dev.aqueduct.core.http.RequestGuard;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/documents/{id}}: collaborative documents over REST. */
@Path("v1/documents/{id}")
@RequestScoped
@Tag(name = "documents", description = "Collaborative documents")
public class DocumentsResource {

    static final String YJS_UPDATE = "application/vnd.yjs.update";

    @Inject
    Platform platform;

    @Context
    HttpServletRequest request;

    @GET
    @Path("state")
    @Produces({YJS_UPDATE, "application/octet-stream"})
    @Operation(summary = "The document as one binary Yjs update (V1)",
            description = "Apply it with Y.applyUpdate to get the document as the server has it. Requires READ.")
    @APIResponse(responseCode = "200", description = "The state")
    @APIResponse(responseCode = "404", description = "The document was never stored")
    public byte[] state(@PathParam("id") String id) {
        Principal p = RequestGuard.authenticate(platform.gate(), request);
        RoomId room = RequestGuard.room(id);
        RequestGuard.authorize(platform.gate(), p, room, Action.READ);
        return platform.documents().readState(room.value())
                .orElseThrow(() -> ProblemException.notFound("no-document", "document " + room + " does not exist"));
    }
}
