package dev.aqueduct.web;

import dev.aqueduct.sse.RoomEventsResource;
import dev.aqueduct.sse.SseAdminResource;
import dev.aqueduct.webrtc.IceServersResource;
import dev.aqueduct.webrtc.RtcStatsResource;
import dev.aqueduct.webrtc.SfuResource;
import dev.aqueduct.ws.RoomBusAdminResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The REST API under {@code /api}. Classes are listed explicitly so every server (Open Liberty, Payara) exposes the
 * same set.
 */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Aqueduct API", version = "1",
        description = "Real-time collaboration platform: rooms, events, documents, administration."))
public class AqueductApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(RtcStatsResource.class, SfuResource.class,
                RoomEventsResource.class, SseAdminResource.class, RoomBusAdminResource.class, DocumentsResource.class, IceServersResource.class, PluginsResource.class, ProblemExceptionMapper.class, HookVetoExceptionMapper.class,
                WebApplicationExceptionMapper.class, CorsFilter.class);
    }
}
