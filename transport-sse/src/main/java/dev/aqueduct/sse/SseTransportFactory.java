package dev.aqueduct.sse;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.Transport;

/** The SSE transport as a plugin ({@code aqueduct.plugin.sse.enabled=false} switches the stream endpoint off). */
public final class SseTransportFactory implements PluginFactory<Transport> {

    @Override
    public String id() {
        return "sse";
    }

    @Override
    public Class<Transport> spi() {
        return Transport.class;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public Transport create(PluginContext context) {
        return new Transport() {
            @Override
            public String name() {
                return "sse";
            }

            @Override
            public void mount(TransportMount mount) {
                mount.addServlet("aqueduct-sse", EventStreamServlet.class, EventStreamServlet.PATH);
            }
        };
    }
}
