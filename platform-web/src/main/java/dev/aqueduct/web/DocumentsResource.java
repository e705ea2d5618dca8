package dev.aqueduct.web;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.DocumentStore;
import dev.aqueduct.api.spi.EditorBinding;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.bindings.FieldBinding;
import dev.aqueduct.core.bindings.TextDiff;
import dev.aqueduct.core.http.Json;
import dev.aqueduct.core.http.Problem;
import dev.aqueduct.core.http.ProblemException;
import dev.aqueduct.core.http.RequestGuard;
import dev.aqueduct.crdt.lib0.DecodingException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/documents/{id}}: collaborative documents over REST. See docs/documents.md. */
@Path("v1/documents/{id}")
@RequestScoped
@Tag(name = "documents", description = "Collaborative documents")
public class DocumentsResource {

    static final String YJS_UPDATE = "application/vnd.yjs.update";
    static final int MAX_AUDIT_PAGE = 1000;
    static final String CURRENT = "current";

    @Inject
    Platform platform;

    @Context
    HttpServletRequest request;

    /** Authenticates and requires {@code action} on the document's room. */
    /** Who asks, about which document. */
    private record Caller(Principal principal, RoomId room) {
    }

    private Caller require(String id, Action action) {
        Principal p = RequestGuard.authenticate(platform.gate(), request);
        RoomId room = RequestGuard.room(id);
        RequestGuard.authorize(platform.gate(), p, room, action);
        return new Caller(p, room);
    }

    @GET
    @Path("state")
    @Produces({YJS_UPDATE, "application/octet-stream"})
    @Operation(summary = "The document as one binary Yjs update (V1)",
            description = "Apply it with Y.applyUpdate to get the document as the server has it. Requires READ.")
    @APIResponse(responseCode = "200", description = "The state")
    @APIResponse(responseCode = "404", description = "The document was never stored")
    public byte[] state(@PathParam("id") String id) {
        RoomId room = require(id, Action.READ).room();
        return platform.documents().readState(room.value())
                .orElseThrow(() -> ProblemException.notFound("no-document", "document " + room + " does not exist"));
    }

    @POST
    @Path("updates")
    @Consumes({YJS_UPDATE, "application/octet-stream"})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Apply a binary Yjs update (V1)",
            description = "Stored like an editor's change and seen live by every connected editor. Requires WRITE.")
    @APIResponse(responseCode = "200", description = "{\"changed\": bool}")
    @APIResponse(responseCode = "400", description = "Not a valid Yjs update; nothing was applied")
    @APIResponse(responseCode = "413", description = "Larger than aqueduct.documents.max-message-bytes")
    public String applyUpdate(@PathParam("id") String id, byte[] update) {
        Caller c = require(id, Action.WRITE);
        RoomId room = c.room();
        Principal p = c.principal();
        int max = maxMessageBytes();
        if (update.length > max) {
            throw ProblemException.tooLarge("an update may have at most " + max + " bytes");
        }
        try {
            return "{\"changed\":" + platform.documents().applyUpdate(room.value(), update, p.subject()) + "}";
        } catch (DecodingException e) {
            throw ProblemException.badRequest("invalid-update", "not a valid Yjs update: " + e.getMessage());
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The document's content as JSON, through an editor binding",
            description = "binding=prosemirror (ProseMirror/Tiptap JSON) or text ({\"text\": string}); default "
                    + "aqueduct.documents.default-binding. Requires READ.")
    @APIResponse(responseCode = "200", description = "The content in the binding's JSON")
    @APIResponse(responseCode = "400", description = "Unknown binding")
    @APIResponse(responseCode = "404", description = "The document was never stored")
    public String content(@PathParam("id") String id, @QueryParam("binding") String bindingName) {
        RoomId room = require(id, Action.READ).room();
        EditorBinding binding = binding(bindingName);
        return binding.toJson(currentState(room));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the content with JSON, through an editor binding",
            description = "The binding's field is replaced (its content deleted, the new content inserted) by one "
                    + "normal change: stored and seen live by every connected editor. {\"changed\": bool}. Requires "
                    + "WRITE.")
    @APIResponse(responseCode = "200", description = "{\"changed\": bool}")
    @APIResponse(responseCode = "400", description = "Unknown binding, or JSON the binding cannot use; nothing changed")
    @APIResponse(responseCode = "413", description = "Larger than aqueduct.documents.max-message-bytes")
    public String replaceContent(@PathParam("id") String id, @QueryParam("binding") String bindingName, String json) {
        Caller c = require(id, Action.WRITE);
        RoomId room = c.room();
        Principal p = c.principal();
        EditorBinding binding = binding(bindingName);
        if (json == null || json.isBlank()) {
            throw ProblemException.badRequest("invalid-content", "a JSON body is needed");
        }
        int max = maxMessageBytes();
        if (json.getBytes(StandardCharsets.UTF_8).length > max) {
            throw ProblemException.tooLarge("the content may have at most " + max + " bytes");
        }
        return "{\"changed\":" + replace(room, binding, json, p) + "}";
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete the document with its log, snapshots, versions and audit trail",
            description = "Connected editors are disconnected. Requires ADMIN on the document's room.")
    public String delete(@PathParam("id") String id) {
        RoomId room = require(id, Action.ADMIN).room();
        platform.documents().delete(room.value());
        return "{\"deleted\":true}";
    }

    @GET
    @Path("versions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the document's versions, oldest first", description = "Requires READ.")
    public String versions(@PathParam("id") String id) {
        RoomId room = require(id, Action.READ).room();
        StringBuilder sb = new StringBuilder("{\"versions\":[");
        List<DocumentStore.VersionInfo> list = platform.documents().store().versions(room.value());
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            version(sb, list.get(i));
        }
        return sb.append("]}").toString();
    }

    @POST
    @Path("versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save the current state as a named version",
            description = "Body {\"name\": string (1 to 200 characters)}. Requires WRITE.")
    public String saveVersion(@PathParam("id") String id, JsonObject body) {
        Caller c = require(id, Action.WRITE);
        RoomId room = c.room();
        Principal p = c.principal();
        String name = body != null && body.get("name") instanceof JsonString s ? s.getString().trim() : "";
        if (name.isEmpty() || name.length() > 200) {
            throw ProblemException.badRequest("invalid-body", "'name' must be 1 to 200 characters");
        }
        return version(new StringBuilder(), platform.documents().saveVersion(room.value(), name, p.subject()))
                .toString();
    }

    @GET
    @Path("versions/{version}/state")
    @Produces({YJS_UPDATE, "application/octet-stream"})
    @Operation(summary = "A version as one binary Yjs update (V1)", description = "Requires READ.")
    public byte[] versionState(@PathParam("id") String id, @PathParam("version") String versionId) {
        RoomId room = require(id, Action.READ).room();
        return platform.documents().store().readVersion(room.value(), versionId)
                .orElseThrow(() -> ProblemException.notFound("no-version", "no version " + versionId + " of " + room));
    }

    @GET
    @Path("versions/{version}/content")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A version's content as JSON, through an editor binding", description = "Requires READ.")
    @APIResponse(responseCode = "404", description = "No such version")
    public String versionContent(@PathParam("id") String id, @PathParam("version") String versionId,
                                 @QueryParam("binding") String bindingName) {
        RoomId room = require(id, Action.READ).room();
        EditorBinding binding = binding(bindingName);
        return binding.toJson(versionState(room, versionId));
    }

    @GET
    @Path("diff")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What text was added and removed between two versions",
            description = "from and to are version ids or 'current'. For the binding's shared type: {\"from\", "
                    + "\"to\", \"binding\", \"types\": [{\"name\", \"added\": [{\"at\", \"text\"}], "
                    + "\"removed\": [{\"at\", \"text\"}]}]}, runs in text order; 'at' counts UTF-16 code units in "
                    + "the new text (added) or the old text (removed). Requires READ.")
    @APIResponse(responseCode = "400", description = "from or to missing, or a binding without plain text")
    @APIResponse(responseCode = "404", description = "No such version or document")
    public String diff(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                       @QueryParam("binding") String bindingName) {
        RoomId room = require(id, Action.READ).room();
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw ProblemException.badRequest("invalid-query", "'from' and 'to' (a version id or 'current') are needed");
        }
        EditorBinding binding = binding(bindingName);
        if (!(binding instanceof FieldBinding field)) {
            throw ProblemException.badRequest("no-plain-text", "binding " + binding.format() + " has no plain text");
        }
        TextDiff.Result r = TextDiff.diff(field.plainText(stateAt(room, from)), field.plainText(stateAt(room, to)));
        StringBuilder sb = new StringBuilder("{\"from\":");
        Json.quote(sb, from).append(",\"to\":");
        Json.quote(sb, to).append(",\"binding\":");
        Json.quote(sb, binding.format()).append(",\"types\":[{\"name\":");
        Json.quote(sb, field.field()).append(",\"added\":");
        runs(sb, r.added()).append(",\"removed\":");
        return runs(sb, r.removed()).append("}]}").toString();
    }

    @POST
    @Path("versions/{version}/restore")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restore a version as a new change",
            description = "Replaces the binding's content with the version's, as one normal change on top of the "
                    + "history (not a rewrite): editors see the rollback live. {\"changed\": bool, \"version\": id}. "
                    + "Requires WRITE.")
    @APIResponse(responseCode = "404", description = "No such version")
    public String restore(@PathParam("id") String id, @PathParam("version") String versionId,
                          @QueryParam("binding") String bindingName) {
        Caller c = require(id, Action.WRITE);
        RoomId room = c.room();
        Principal p = c.principal();
        EditorBinding binding = binding(bindingName);
        String json = binding.toJson(versionState(room, versionId));
        StringBuilder sb = new StringBuilder("{\"changed\":").append(replace(room, binding, json, p))
                .append(",\"version\":");
        return Json.quote(sb, versionId).append('}').toString();
    }

    @POST
    @Path("versions/{version}/branch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Branch a version into a new document",
            description = "Body {\"document\": \"doc:new-id\"}: the new document starts as the version (all of it). "
                    + "Requires READ on this document and WRITE on the new one.")
    @APIResponse(responseCode = "201", description = "{\"document\", \"from\", \"version\"}")
    @APIResponse(responseCode = "404", description = "No such version")
    @APIResponse(responseCode = "409", description = "The new document exists already")
    public Response branch(@PathParam("id") String id, @PathParam("version") String versionId, JsonObject body) {
        Caller c = require(id, Action.READ);
        RoomId room = c.room();
        Principal p = c.principal();
        String target = body != null && body.get("document") instanceof JsonString s ? s.getString().trim() : "";
        if (target.isEmpty()) {
            throw ProblemException.badRequest("invalid-body", "'document' (the new document's id) is needed");
        }
        RoomId newRoom = RequestGuard.room(target);
        RequestGuard.authorize(platform.gate(), p, newRoom, Action.WRITE);
        byte[] state = versionState(room, versionId);
        if (!platform.documents().create(newRoom.value(), state, p.subject())) {
            throw new ProblemException(Problem.of(409, "document-exists", "Conflict",
                    "document " + newRoom + " exists already").with("document", newRoom.value()));
        }
        StringBuilder sb = new StringBuilder("{\"document\":");
        Json.quote(sb, newRoom.value()).append(",\"from\":");
        Json.quote(sb, room.value()).append(",\"version\":");
        Json.quote(sb, versionId).append('}');
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON).entity(sb.toString()).build();
    }

    @GET
    @Path("audit")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The audit trail: every stored update with author, connection, time, size and chain hash",
            description = "Entries after seq 'after' (default 0), at most 'limit' (default and maximum 1000). Requires "
                    + "ADMIN on the document's room.")
    public String audit(@PathParam("id") String id, @QueryParam("after") Long after, @QueryParam("limit") Integer limit) {
        RoomId room = require(id, Action.ADMIN).room();
        int n = limit == null ? MAX_AUDIT_PAGE : Math.max(1, Math.min(MAX_AUDIT_PAGE, limit));
        List<DocumentStore.AuditEntry> entries = platform.documents().store()
                .auditTrail(room.value(), after == null ? 0 : Math.max(0, after), n);
        StringBuilder sb = new StringBuilder("{\"entries\":[");
        for (int i = 0; i < entries.size(); i++) {
            DocumentStore.AuditEntry e = entries.get(i);
            sb.append(i > 0 ? "," : "").append("{\"seq\":").append(e.seq()).append(",\"subject\":");
            Json.quote(sb, e.subject()).append(",\"connection\":");
            Json.quote(sb, e.connectionId()).append(",\"at\":");
            Json.quote(sb, e.at().toString()).append(",\"size\":").append(e.size()).append(",\"updateSha256\":");
            Json.quote(sb, e.updateSha256()).append(",\"chainHash\":");
            Json.quote(sb, e.chainHash()).append('}');
        }
        return sb.append("]}").toString();
    }

    @GET
    @Path("audit/verify")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recompute the audit chain",
            description = "{\"intact\": bool, \"entries\": n, \"firstBrokenSeq\": seq or null, \"problem\": text or null}. "
                    + "Requires ADMIN on the document's room.")
    public String verifyAudit(@PathParam("id") String id) {
        RoomId room = require(id, Action.ADMIN).room();
        DocumentStore.AuditVerification v = platform.documents().store().verifyAudit(room.value());
        StringBuilder sb = new StringBuilder("{\"intact\":").append(v.intact()).append(",\"entries\":")
                .append(v.entries()).append(",\"firstBrokenSeq\":").append(v.firstBrokenSeq()).append(",\"problem\":");
        return Json.quote(sb, v.problem()).append('}').toString();
    }

    /** The binding named in the query, or the default one (400 naming the available ones when there is none). */
    private EditorBinding binding(String name) {
        try {
            return platform.bindings().byFormat(name);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown-binding", e.getMessage());
        }
    }

    /** Replaces the binding's content with {@code json} as one change by {@code p}. */
    private boolean replace(RoomId room, EditorBinding binding, String json, Principal p) {
        try {
            return platform.documents().applyChange(room.value(), current -> binding.updateFromJson(current, json),
                    p.subject());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-content", "binding " + binding.format() + ": " + e.getMessage());
        }
    }

    private int maxMessageBytes() {
        return platform.settings().getInt("aqueduct.documents.max-message-bytes", 16 * 1024 * 1024);
    }

    private byte[] currentState(RoomId room) {
        return platform.documents().readState(room.value())
                .orElseThrow(() -> ProblemException.notFound("no-document", "document " + room + " does not exist"));
    }

    private byte[] versionState(RoomId room, String versionId) {
        return platform.documents().store().readVersion(room.value(), versionId)
                .orElseThrow(() -> ProblemException.notFound("no-version", "no version " + versionId + " of " + room));
    }

    private byte[] stateAt(RoomId room, String versionOrCurrent) {
        return CURRENT.equals(versionOrCurrent) ? currentState(room) : versionState(room, versionOrCurrent);
    }

    private static StringBuilder runs(StringBuilder sb, List<TextDiff.Run> runs) {
        sb.append('[');
        for (int i = 0; i < runs.size(); i++) {
            sb.append(i > 0 ? "," : "").append("{\"at\":").append(runs.get(i).at()).append(",\"text\":");
            Json.quote(sb, runs.get(i).text()).append('}');
        }
        return sb.append(']');
    }

    private static StringBuilder version(StringBuilder sb, DocumentStore.VersionInfo v) {
        sb.append("{\"id\":");
        Json.quote(sb, v.versionId()).append(",\"name\":");
        Json.quote(sb, v.name()).append(",\"createdAt\":");
        Json.quote(sb, v.createdAt().toString()).append(",\"createdBy\":");
        Json.quote(sb, v.createdBy()).append(",\"size\":").append(v.size());
        return sb.append('}');
    }
}
