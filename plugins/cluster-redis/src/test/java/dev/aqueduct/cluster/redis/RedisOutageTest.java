package dev.aqueduct.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.spi.HistoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A redis-server of the test's own is killed and started again; the shared one is never touched. */
class RedisOutageTest {

    private static PluginContext context(String nodeId) {
        return new PluginContext() {
            @Override
            public String nodeId() {
                return nodeId;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public dev.aqueduct.api.spi.RoomPublisher publisher() {
                return null;
            }
        };
    }

    @Test
    void busAndHistoryReportTheOutageKeepLocalDeliveryAndRecover() throws Exception {
        try (TestRedis.OwnServer server = new TestRedis.OwnServer()) {
            server.start();
            MapConfig config = MapConfig.of("url", server.url(), "heartbeat", "200ms", "reconnect-delay", "100ms",
                    "command-timeout", "1s");
            RedisBusFactory busA = new RedisBusFactory();
            RedisBusFactory busB = new RedisBusFactory();
            RedisHistoryFactory historyFactory = new RedisHistoryFactory();
            busA.init(config);
            busB.init(config);
            historyFactory.init(config);
            try {
                var a = busA.create(context("a"));
                var b = busB.create(context("b"));
                HistoryStore history = historyFactory.create(context("a"));
                List<String> onA = Collections.synchronizedList(new ArrayList<>());
                List<String> onB = Collections.synchronizedList(new ArrayList<>());
                a.subscribe("room.", m -> onA.add(new String(m.body(), StandardCharsets.UTF_8)));
                b.subscribe("room.", m -> onB.add(new String(m.body(), StandardCharsets.UTF_8)));
                TestRedis.await("crossing before the outage", 10, () -> {
                    a.publish("room.x", "before".getBytes(StandardCharsets.UTF_8));
                    return onB.contains("before");
                });
                assertTrue(busA.health().up(), busA.health().message());
                assertTrue(historyFactory.health().up());
                RoomId room = RoomId.of("chat:outage");
                String epochBefore = history.position(room).epoch();

                server.kill();

                TestRedis.await("bus health down", 10, () -> !busA.health().up());
                assertTrue(busA.health().message().contains("unreachable"), busA.health().message());
                assertFalse(historyFactory.health().up());
                onA.clear();
                a.publish("room.x", "during".getBytes(StandardCharsets.UTF_8));
                assertEquals(List.of("during"), onA, "this node's own subscribers are still served");
                assertEquals("1", busA.health().details().get("dropped"));
                Envelope e = new Envelope(1, "t", room, 0, "id-1", System.currentTimeMillis(), null, "{}");
                assertThrows(RedisUnavailableException.class, () -> history.append(e),
                        "no seq can be given without the shared store");

                server.start();

                TestRedis.await("bus health up again", 20, () -> busA.health().up() && busB.health().up());
                assertEquals("1", busA.health().details().get("reconnects"));
                TestRedis.await("crossing after the outage", 10, () -> {
                    a.publish("room.x", "after".getBytes(StandardCharsets.UTF_8));
                    return onB.contains("after");
                });
                assertFalse(onB.contains("during"), "pub/sub does not store: what was published meanwhile is gone");
                assertTrue(historyFactory.health().up());
                HistoryStore.Position after = history.position(room);
                assertNotEquals(epochBefore, after.epoch(), "the new Redis has no history: a new epoch, never a "
                        + "silent restart of seq");
                assertEquals(1, history.append(e).seq());
            } finally {
                busA.close();
                busB.close();
                historyFactory.close();
            }
        }
    }
}
