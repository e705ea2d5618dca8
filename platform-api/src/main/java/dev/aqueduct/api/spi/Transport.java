package dev.aqueduct.api.spi;

/**
 * A way for clients to reach the platform (SSE, WebSocket, WebRTC signaling, or a custom one). On start-up the
 * platform calls {@link #mount} once for each enabled transport.
 */
public interface Transport {

    /** A short name shown in metrics and the admin console, e.g. {@code sse}. */
    String name();

    /** Registers this transport's endpoints. */
    void mount(TransportMount mount);

    /**
     * Registration of endpoints on the running web module. Types are {@code Object} so that this API stays free of
     * Jakarta imports; each method says what it expects.
     */
    interface TransportMount {

        /**
         * Adds an asynchronous servlet.
         *
         * @param name         unique servlet name
         * @param servletClass a {@code jakarta.servlet.Servlet} class; the container creates it, so CDI injection works
         * @param urlPatterns  servlet URL patterns relative to the context root
         */
        void addServlet(String name, Class<?> servletClass, String... urlPatterns);

        /**
         * Adds a servlet filter, e.g. to check WebSocket upgrade requests before the handshake.
         *
         * @param name        unique filter name
         * @param filterClass a {@code jakarta.servlet.Filter} class; the container creates it, so CDI injection works
         * @param urlPatterns URL patterns relative to the context root
         */
        void addFilter(String name, Class<?> filterClass, String... urlPatterns);

        /** Adds a WebSocket endpoint: a {@code jakarta.websocket.server.ServerEndpointConfig} or an annotated class. */
        void addWebSocketEndpoint(Object endpoint);
    }
}
