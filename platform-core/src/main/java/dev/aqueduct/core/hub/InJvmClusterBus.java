package dev.aqueduct.core.hub;

import dev.aqueduct.api.spi.ClusterBus;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The single-node bus: delivers synchronously, in the publishing thread, to the subscribers in this JVM. */
public final class InJvmClusterBus implements ClusterBus {

    private static final Logger LOG = Logger.getLogger(InJvmClusterBus.class.getName());

    private record Sub(String prefix, Consumer<BusMessage> handler) {
    }

    private final CopyOnWriteArrayList<Sub> subs = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String channel, byte[] message) {
        BusMessage m = new BusMessage(channel, message);
        for (Sub s : subs) {
            if (channel.startsWith(s.prefix)) {
                try {
                    s.handler.accept(m);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "bus subscriber failed on " + channel, e);
                }
            }
        }
    }

    @Override
    public Subscription subscribe(String channelPrefix, Consumer<BusMessage> handler) {
        Sub s = new Sub(channelPrefix, handler);
        subs.add(s);
        return () -> subs.remove(s);
    }
}
