package dev.aqueduct.web;

import dev.aqueduct.api.spi.Transport;
import dev.aqueduct.core.Platform;
import dev.aqueduct.sse.StreamRegistry;
import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the platform with the web module: mounts every enabled {@link Transport} plugin, and closes open streams
 * first on shutdown so the server stops promptly.
 */
@WebListener
public class PlatformBootstrap implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(PlatformBootstrap.class.getName());

    @Inject
    Platform platform;

    @Inject
    StreamRegistry streams;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext ctx = event.getServletContext();
        Transport.TransportMount mount = new Transport.TransportMount() {
            @Override
            @SuppressWarnings("unchecked")
            public void addServlet(String name, Class<?> servletClass, String... urlPatterns) {
                ServletRegistration.Dynamic d = ctx.addServlet(name, (Class<? extends Servlet>) servletClass);
                d.setAsyncSupported(true);
                d.setLoadOnStartup(1);
                d.addMapping(urlPatterns);
            }

            @Override
            @SuppressWarnings("unchecked")
            public void addFilter(String name, Class<?> filterClass, String... urlPatterns) {
                FilterRegistration.Dynamic d = ctx.addFilter(name, (Class<? extends Filter>) filterClass);
                d.setAsyncSupported(true);
                d.addMappingForUrlPatterns(null, false, urlPatterns);
            }

            @Override
            public void addWebSocketEndpoint(Object endpoint) {
                ServerContainer sc = (ServerContainer) ctx.getAttribute(ServerContainer.class.getName());
                try {
                    if (endpoint instanceof ServerEndpointConfig c) {
                        sc.addEndpoint(c);
                    } else {
                        sc.addEndpoint((Class<?>) endpoint);
                    }
                } catch (DeploymentException e) {
                    throw new IllegalStateException("cannot deploy WebSocket endpoint " + endpoint, e);
                }
            }
        };
        for (Transport t : platform.plugins().providers(Transport.class)) {
            try {
                t.mount(mount);
                LOG.info("transport " + t.name() + " mounted");
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "transport " + t.name() + " failed to mount", e);
            }
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        streams.closeAll();
    }
}
