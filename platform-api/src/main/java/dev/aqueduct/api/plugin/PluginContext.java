package dev.aqueduct.api.plugin;

import dev.aqueduct.api.spi.RoomPublisher;
import java.time.Clock;

/** What the platform offers a plugin when creating its provider. */
public interface PluginContext {

    /** This node's id, unique within a cluster. */
    String nodeId();

    /** The clock the platform uses; plugins should use it too so tests can control time. */
    Clock clock();

    /** Publishes messages into rooms on behalf of the system (for example, announcements from a hook). */
    RoomPublisher publisher();
}
