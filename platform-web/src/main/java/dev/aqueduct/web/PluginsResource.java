package dev.aqueduct.web;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.PlatformRooms;
import dev.aqueduct.core.http.RequestGuard;
import dev.aqueduct.core.plugin.PluginInfo;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/admin/plugins}: every discovered plugin. Requires ADMIN on {@code sys:admin}. */
@Path("v1/admin/plugins")
@RequestScoped
@Tag(name = "admin", description = "Administration; ADMIN on sys:admin required")
public class PluginsResource {

    /** The room whose ADMIN permission guards the admin API. */
    public static final RoomId ADMIN_ROOM = PlatformRooms.ADMIN;

    @Inject
    Platform platform;

    @Context
    HttpServletRequest request;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List plugins", description = "Id, SPI, version, enabled, health and source jar of every discovered plugin")
    public String list() {
        Principal p = RequestGuard.authenticate(platform.gate(), request);
        RequestGuard.authorize(platform.gate(), p, ADMIN_ROOM, Action.ADMIN);
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (PluginInfo i : platform.plugins().listing()) {
            a.add(Json.createObjectBuilder().add("id", i.id()).add("spi", i.spi()).add("version", i.version())
                    .add("enabled", i.enabled()).add("healthy", i.healthy()).add("message", i.message())
                    .add("order", i.order()).add("source", i.source()));
        }
        return Json.createObjectBuilder().add("plugins", a).build().toString();
    }
}
