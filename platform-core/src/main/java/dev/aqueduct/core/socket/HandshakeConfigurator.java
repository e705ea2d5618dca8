package dev.aqueduct.core.socket;

import dev.aqueduct.core.Platform;
import dev.aqueduct.core.http.Tokens;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the token and origin from the upgrade request. Since Jakarta WebSocket 2.1 the user properties seen here are
 * a per-connection copy that becomes the session's, which is how the {@link Handshake} reaches the connection.
 */
public final class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    private final Supplier<Object> endpoints;

    /** @param endpoints makes the endpoint instance of each new connection */
    public HandshakeConfigurator(Supplier<Object> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        Map<String, List<String>> h = request.getHeaders();
        String token = Tokens.fromParts(header(h, "Authorization"), first(request.getParameterMap().get(Tokens.QUERY_PARAMETER)),
                header(h, "Cookie"));
        String origin = header(h, "Origin");
        String scheme = request.getRequestURI().getScheme();
        String httpScheme = "wss".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme) ? "https" : "http";
        Platform platform = CDI.current().select(Platform.class).get();
        boolean allowed = platform.gate().origins().allows(origin, httpScheme, header(h, "Host"));
        sec.getUserProperties().put(Handshake.PROPERTY, new Handshake(token, allowed, origin));
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(endpoints.get());
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return first(e.getValue());
            }
        }
        return null;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
