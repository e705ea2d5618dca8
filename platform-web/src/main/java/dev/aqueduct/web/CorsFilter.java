package dev.aqueduct.web;

import dev.aqueduct.core.Platform;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/** CORS for the REST API, from the same origin allowlist as streams and sockets ({@code aqueduct.security.allowed-origins}). */
@Provider
@PreMatching
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Inject
    Platform platform;

    @Override
    public void filter(ContainerRequestContext req) {
        String origin = req.getHeaderString("Origin");
        if ("OPTIONS".equals(req.getMethod()) && req.getHeaderString("Access-Control-Request-Method") != null) {
            Response.ResponseBuilder b = Response.noContent();
            if (platform.gate().origins().allowsCrossOrigin(origin)) {
                b.header("Access-Control-Allow-Origin", origin)
                        .header("Access-Control-Allow-Credentials", "true")
                        .header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
                        .header("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key, Last-Event-ID")
                        .header("Access-Control-Max-Age", "600")
                        .header("Vary", "Origin");
            }
            req.abortWith(b.build());
        }
    }

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext resp) {
        String origin = req.getHeaderString("Origin");
        if (platform.gate().origins().allowsCrossOrigin(origin)) {
            resp.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
            resp.getHeaders().putSingle("Access-Control-Allow-Credentials", "true");
            resp.getHeaders().add("Vary", "Origin");
        }
    }
}
