package dev.aqueduct.api.spi;

import java.util.function.Consumer;

/**
 * Carries room traffic and document updates between the nodes of a cluster. Delivery to the publishing node itself
 * is included, so a node can rely on the bus for its own local fan-out. Within one channel, messages from one node
 * arrive in the order they were published.
 */
public interface ClusterBus {

    /** A registration to stop receiving. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Sends a message to every node subscribed to {@code channel}. */
    void publish(String channel, byte[] message);

    /** Receives the messages of channels whose name starts with {@code channelPrefix}. */
    Subscription subscribe(String channelPrefix, Consumer<BusMessage> handler);

    /** A message received from the bus. */
    record BusMessage(String channel, byte[] body) {
    }
}
