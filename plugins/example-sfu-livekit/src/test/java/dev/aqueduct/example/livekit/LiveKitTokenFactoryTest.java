package dev.aqueduct.example.livekit;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.spi.RtcJoinRequest;
import dev.aqueduct.api.spi.RtcProvider;
import dev.aqueduct.api.spi.RtcTicket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class LiveKitTokenFactoryTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.ofEpochSecond(1_767_225_600L);

    private static PluginConfig config(Map<String, String> values) {
        return new PluginConfig() {
            @Override
            public String pluginId() {
                return "livekit";
            }

            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public Set<String> keys() {
                return values.keySet();
            }
        };
    }

    private static Map<String, String> valid() {
        Map<String, String> m = new HashMap<>();
        m.put("url", "wss://sfu.example.com");
        m.put("api-key", "APIkey1");
        m.put("api-secret", SECRET);
        m.put("ttl", "5m");
        return m;
    }

    private static RtcJoinRequest request(Set<Action> allowed, Map<String, Object> claims) {
        Principal p = new Principal("alice", null, Set.of(), List.of(), claims, NOW.plusSeconds(3600), "test");
        return new RtcJoinRequest(p, RoomId.of("call:standup"), allowed, NOW);
    }

    @Test
    void isOffUnlessEnabled() {
        assertFalse(new LiveKitTokenFactory().enabledByDefault());
    }

    @Test
    void refusesMissingOrWeakSettingsNamingTheKey() {
        for (String key : List.of("url", "api-key", "api-secret")) {
            Map<String, String> m = valid();
            m.remove(key);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new LiveKitTokenFactory().init(config(m)));
            assertTrue(e.getMessage().contains("aqueduct.plugin.livekit." + key), e.getMessage());
        }
        Map<String, String> shortSecret = valid();
        shortSecret.put("api-secret", "too-short");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LiveKitTokenFactory().init(
                config(shortSecret))).getMessage().contains("at least 32 bytes"));
        Map<String, String> badUrl = valid();
        badUrl.put("url", "ftp://sfu.example.com");
        assertThrows(IllegalArgumentException.class, () -> new LiveKitTokenFactory().init(config(badUrl)));
    }

    @Test
    void grantsFollowTheAllowedActions() {
        Map<String, Object> c = LiveKitTokenFactory.claims(request(Set.of(Action.SIGNAL, Action.READ), Map.of()),
                "APIkey1", NOW.plusSeconds(300));
        assertEquals("APIkey1", c.get("iss"));
        assertEquals("alice", c.get("sub"));
        assertEquals(NOW.getEpochSecond(), c.get("nbf"));
        assertEquals(NOW.getEpochSecond() + 300, c.get("exp"));
        assertFalse(c.containsKey("name"));
        assertEquals(Map.of("room", "call:standup", "roomJoin", true, "canSubscribe", true, "canPublish", false,
                "canPublishData", false), c.get("video"));

        Map<String, Object> admin = LiveKitTokenFactory.claims(request(Set.of(Action.values()),
                Map.of("name", "Alice A.")), "APIkey1", NOW.plusSeconds(300));
        assertEquals("Alice A.", admin.get("name"));
        assertEquals(Map.of("room", "call:standup", "roomJoin", true, "canSubscribe", true, "canPublish", true,
                "canPublishData", true, "roomAdmin", true), admin.get("video"));
    }

    @Test
    void theTicketCarriesAnHs256TokenSignedWithTheSecret() throws Exception {
        LiveKitTokenFactory f = new LiveKitTokenFactory();
        f.init(config(valid()));
        RtcProvider p = f.create(null);
        RtcTicket t = p.join(request(Set.of(Action.SIGNAL, Action.READ, Action.WRITE), Map.of("name", "A \"q\"")));
        assertEquals("livekit", t.provider());
        assertEquals("wss://sfu.example.com", t.url());
        assertEquals("call:standup", t.room());
        assertEquals(NOW.plusSeconds(300), t.expiresAt());

        String[] parts = t.token().split("\\.");
        assertEquals(3, parts.length);
        Base64.Decoder d = Base64.getUrlDecoder();
        assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", new String(d.decode(parts[0]), StandardCharsets.UTF_8));
        assertEquals("{\"iss\":\"APIkey1\",\"sub\":\"alice\",\"nbf\":1767225600,\"exp\":1767225900,"
                + "\"name\":\"A \\\"q\\\"\",\"video\":{\"room\":\"call:standup\",\"roomJoin\":true,"
                + "\"canSubscribe\":true,\"canPublish\":true,\"canPublishData\":true}}",
                new String(d.decode(parts[1]), StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected, d.decode(parts[2]));
    }
}
