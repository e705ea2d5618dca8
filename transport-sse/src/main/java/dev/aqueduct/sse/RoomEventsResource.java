package dev.aqueduct.sse;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.core.http.Json;
import dev.aqueduct.core.http.ProblemException;
import dev.aqueduct.core.http.RequestGuard;
import dev.aqueduct.core.security.Gate;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/rooms/{room}/events}: publishes into a room. */
@Path("v1/rooms/{room}/events")
@RequestScoped
@Tag(name = "rooms", description = "Room messages")
public class RoomEventsResource {

    static final int MAX_TYPE_LENGTH = 100;
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    @Inject
    Platform platform;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a message to a room",
            description = "Body {\"type\": string, \"data\": any JSON}. Requires WRITE on the room. A retry with the "
                    + "same Idempotency-Key within the window returns the first result and publishes nothing.")
    @APIResponse(responseCode = "200", description = "Published (or already published with this key)")
    @APIResponse(responseCode = "400", description = "Invalid room id or body")
    @APIResponse(responseCode = "401", description = "Missing or refused token")
    @APIResponse(responseCode = "403", description = "No WRITE permission on the room")
    @APIResponse(responseCode = "413", description = "Body larger than aqueduct.limits.max-message-bytes")
    @APIResponse(responseCode = "429", description = "Rate limited; see Retry-After")
    public Response publish(@PathParam("room") @Parameter(description = "Room id, e.g. chat:lobby") String roomParam,
                            @HeaderParam("Idempotency-Key") String idempotencyKey,
                            InputStream body) throws IOException {
        Gate gate = platform.gate();
        RequestGuard.checkOrigin(gate, request);
        Principal principal = RequestGuard.authenticate(gate, request);
        RoomId room = RequestGuard.room(roomParam);
        RequestGuard.authorize(gate, principal, room, Action.WRITE);
        RequestGuard.rateLimit(gate, principal);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw ProblemException.badRequest("invalid-idempotency-key",
                    "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        int max = gate.limits().maxMessageBytes();
        byte[] bytes = body.readNBytes(max + 1);
        if (bytes.length > max) {
            throw ProblemException.tooLarge("message body is larger than " + max + " bytes");
        }
        JsonObject obj = parse(bytes);
        JsonValue type = obj.get("type");
        if (!(type instanceof JsonString ts) || ts.getString().isEmpty() || ts.getString().length() > MAX_TYPE_LENGTH) {
            throw ProblemException.badRequest("invalid-body",
                    "'type' must be a string of 1 to " + MAX_TYPE_LENGTH + " characters");
        }
        JsonValue data = obj.containsKey("data") ? obj.get("data") : JsonValue.NULL;
        // a veto becomes a 403 problem (HookVetoException is mapped by the web module)
        platform.hooks().before(Hooks.Event.MESSAGE, new HookContext("rest", null, principal, room, data.toString()));
        Envelope e = platform.hub().publish(room, ts.getString(), data.toString(), principal.subject(),
                idempotencyKey == null ? null : idempotencyKey.trim());
        StringBuilder sb = new StringBuilder("{\"room\":");
        Json.quote(sb, room.value()).append(",\"seq\":").append(e.seq()).append(",\"id\":");
        Json.quote(sb, e.id()).append(",\"ts\":").append(e.ts()).append('}');
        return Response.ok(sb.toString(), MediaType.APPLICATION_JSON).build();
    }

    private static JsonObject parse(byte[] bytes) {
        try (JsonReader r = jakarta.json.Json.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue v = r.readValue();
            if (!(v instanceof JsonObject o)) {
                throw ProblemException.badRequest("invalid-body", "body must be a JSON object {\"type\":..., \"data\":...}");
            }
            return o;
        } catch (JsonException | IllegalStateException e) {
            throw ProblemException.badRequest("invalid-body", "body is not valid JSON");
        }
    }
}
