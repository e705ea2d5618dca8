package dev.aqueduct.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.api.spi.ClusterBus;
import dev.aqueduct.api.spi.ClusterBus.BusMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes' buses on the shared test Redis. */
class RedisClusterBusTest {

    private final RedisSettings settings = TestRedis.shared(TestRedis.newPrefix());
    private final RedisClusterBus a = new RedisClusterBus(settings, "node-a");
    private final RedisClusterBus b = new RedisClusterBus(settings, "node-b");

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static List<String> collect(ClusterBus bus, String prefix) {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe(prefix, m -> got.add(m.channel() + "=" + new String(m.body(), StandardCharsets.UTF_8)));
        return got;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void awaitListening() throws InterruptedException {
        TestRedis.await("both buses listening", 10, () -> a.connected() && b.connected());
    }

    @Test
    void messagesReachEveryNodeOnceAndInPublishOrder() throws InterruptedException {
        List<String> onA = collect(a, "room.chat:");
        List<String> onB = collect(b, "room.chat:");
        List<String> probes = collect(b, "room.probe");
        awaitListening();
        // a subscription is live once Redis confirmed it; a probe message on another channel shows that
        TestRedis.await("subscriptions active", 10, () -> {
            a.publish("room.probe", utf8("p"));
            return !probes.isEmpty();
        });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            a.publish("room.chat:x", utf8(Integer.toString(i)));
            expected.add("room.chat:x=" + i);
        }
        assertEquals(expected, onA, "local delivery happens at once, in order");
        TestRedis.await("500 messages on node b", 20, () -> onB.size() >= 500);
        assertEquals(expected, onB);
        assertEquals(500, onA.size(), "node a does not get its own messages twice");
    }

    @Test
    void onlyMatchingPrefixesAreDeliveredAndClosingStops() throws InterruptedException {
        List<String> rooms = collect(b, "room.");
        List<String> docs = Collections.synchronizedList(new ArrayList<>());
        ClusterBus.Subscription docSub = b.subscribe("doc.", m -> docs.add(new String(m.body(), StandardCharsets.UTF_8)));
        awaitListening();
        TestRedis.await("subscriptions active", 10, () -> {
            a.publish("doc.probe", utf8("p"));
            return docs.contains("p");
        });
        a.publish("room.r", utf8("1"));
        a.publish("other.r", utf8("2"));
        a.publish("room*.r", utf8("3"));
        TestRedis.await("room message", 10, () -> rooms.contains("room.r=1"));
        docSub.close();
        a.publish("room.r", utf8("4"));
        TestRedis.await("second room message", 10, () -> rooms.contains("room.r=4"));
        a.publish("doc.after", utf8("late"));
        a.publish("room.r", utf8("5"));
        TestRedis.await("third room message", 10, () -> rooms.contains("room.r=5"));
        assertEquals(List.of("room.r=1", "room.r=4", "room.r=5"), rooms, "no other.*, no room*.*");
        assertTrue(docs.stream().noneMatch("late"::equals), "closed subscription receives nothing");
    }

    @Test
    void binaryBodiesArriveUnchanged() throws InterruptedException {
        List<BusMessage> got = Collections.synchronizedList(new ArrayList<>());
        b.subscribe("bin.", got::add);
        awaitListening();
        byte[] body = new byte[4096];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        TestRedis.await("binary message", 10, () -> {
            a.publish("bin.x", body);
            return !got.isEmpty();
        });
        assertEquals("bin.x", got.get(0).channel());
        assertTrue(java.util.Arrays.equals(body, got.get(0).body()));
    }
}
