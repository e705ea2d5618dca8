package dev.aqueduct.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A redis-server of the test's own that requires a password. */
class RedisAuthTest {

    @Test
    void thePasswordFromTheUrlOrTheKeyIsSentAndAWrongOneIsReported() throws Exception {
        try (TestRedis.OwnServer server = new TestRedis.OwnServer("--requirepass", "s3cret")) {
            server.start();
            String hostPort = "127.0.0.1:" + server.port;
            try (RedisClient viaUrl = new RedisClient(RedisSettings.from(MapConfig.of("url",
                    "redis://:s3cret@" + hostPort)));
                 RedisClient viaKey = new RedisClient(RedisSettings.from(MapConfig.of("url", "redis://" + hostPort,
                         "password", "s3cret")))) {
                assertTrue(viaUrl.ping());
                assertEquals("PONG", viaKey.call("PING"));
            }
            try (RedisClient none = new RedisClient(RedisSettings.from(MapConfig.of("url", "redis://" + hostPort)));
                 RedisClient wrong = new RedisClient(RedisSettings.from(MapConfig.of("url", "redis://" + hostPort,
                         "password", "nope")))) {
                RedisException noAuth = assertThrows(RedisException.class, () -> none.call("PING"));
                assertTrue(noAuth.getMessage().startsWith("NOAUTH"), noAuth.getMessage());
                RedisException bad = assertThrows(RedisException.class, () -> wrong.call("PING"));
                assertTrue(bad.getMessage().contains("WRONGPASS") || bad.getMessage().contains("invalid password"),
                        bad.getMessage());
                assertFalse(bad.getMessage().contains("nope"), "the password is not echoed");
            }
            RedisHistoryFactory history = new RedisHistoryFactory();
            history.init(MapConfig.of("url", "redis://" + hostPort, "password", "nope"));
            try {
                assertFalse(history.health().up());
            } finally {
                history.close();
            }
        }
    }
}
