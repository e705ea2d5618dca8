package dev.aqueduct.core.plugin;

import dev.aqueduct.core.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: down while any enabled plugin is unhealthy; one data entry per plugin. */
@Readiness
@ApplicationScoped
public class PluginReadinessCheck implements HealthCheck {

    @Inject
    Platform platform;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("aqueduct-plugins");
        boolean up = true;
        for (PluginInfo p : platform.plugins().listing()) {
            if (!p.enabled()) {
                continue;
            }
            up &= p.healthy();
            b.withData(p.id(), p.healthy() ? "UP" : "DOWN: " + p.message());
        }
        return b.status(up).build();
    }
}
