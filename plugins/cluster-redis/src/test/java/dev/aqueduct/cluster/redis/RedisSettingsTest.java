package dev.aqueduct.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void readsTheUrlAndItsOverrides() {
        RedisSettings s = RedisSettings.from(MapConfig.of("url", "redis://app:s%40cret@redis.internal:7000/3"));
        assertEquals("redis.internal", s.host());
        assertEquals(7000, s.port());
        assertEquals("app", s.username());
        assertEquals("s@cret", s.password());
        assertEquals(3, s.database());
        assertEquals("aqueduct:", s.keyPrefix());
        assertEquals(Duration.ofSeconds(2), s.commandTimeout());
        assertTrue(!s.toString().contains("cret") && !s.address().contains("cret"), "never the password");

        RedisSettings o = RedisSettings.from(MapConfig.of("url", "redis://:old@h", "password", "new",
                "key-prefix", "tenant1:", "command-timeout", "500ms"));
        assertNull(o.username());
        assertEquals("new", o.password());
        assertEquals(RedisSettings.DEFAULT_PORT, o.port());
        assertEquals("tenant1:", o.keyPrefix());
        assertEquals(Duration.ofMillis(500), o.commandTimeout());
    }

    @Test
    void badSettingsNameTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RedisSettings.from(MapConfig.of()))
                .getMessage().contains("aqueduct.plugin.cluster-redis.url is required"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RedisSettings.from(MapConfig.of("url", "rediss://h:6380"))).getMessage().contains("TLS"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RedisSettings.from(MapConfig.of("url", "http://h"))).getMessage().contains("redis://"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RedisSettings.from(MapConfig.of("url", "redis://h/zero"))).getMessage().contains("database"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> HistoryLimits.from(MapConfig.of("history.max-age", "2h", "history.ttl", "1h"))).getMessage()
                .contains("aqueduct.plugin.cluster-redis.history.ttl"));
    }
}
