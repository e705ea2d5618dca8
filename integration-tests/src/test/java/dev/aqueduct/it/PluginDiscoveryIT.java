package dev.aqueduct.it;

import static dev.aqueduct.it.support.Aqueduct.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.it.support.JsonText;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test server runs the EAR with the example plugin jar dropped into its lib/ folder and
 * aqueduct.plugin.namespace-deny.namespaces=blocked: the plugin is discovered there, listed, and its DENY wins
 * over a token that grants every room.
 */
class PluginDiscoveryIT {

    @BeforeAll
    static void ready() throws Exception {
        awaitReady();
    }

    @Test
    void pluginInEarLibIsDiscoveredAndListed() throws Exception {
        String admin = devToken("{\"sub\":\"root\",\"groups\":[\"aqueduct-admin\"]}");
        HttpResponse<String> r = get(BASE + "/api/v1/admin/plugins", "Authorization", "Bearer " + admin);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject deny = null;
        for (var v : JsonText.object(r.body()).getJsonArray("plugins")) {
            JsonObject p = v.asJsonObject();
            if (p.getString("id").equals("namespace-deny")) {
                deny = p;
            }
        }
        assertNotNull(deny, r.body());
        assertEquals("RoomAccessPolicy", deny.getString("spi"));
        assertTrue(deny.getBoolean("enabled"));
        assertTrue(deny.getBoolean("healthy"));
        assertTrue(deny.getString("source").startsWith("example-room-policy"), deny.getString("source"));
        assertEquals("0.1.0-SNAPSHOT", deny.getString("version"));
    }

    @Test
    void pluginDenyWinsOverATokenGrant() throws Exception {
        String token = token("quinn", "*", "rw");
        assertEquals(200, publish(token, "chat:open", "t", "1").statusCode());
        assertEquals(403, get(eventsUrl(token, "blocked:room")).statusCode());
        assertEquals(403, publish(token, "blocked:room", "t", "1").statusCode());
    }

    @Test
    void adminApiRefusesNonAdmins() throws Exception {
        String token = token("rita", "*", "rwps");
        assertEquals(403, get(BASE + "/api/v1/admin/plugins", "Authorization", "Bearer " + token).statusCode());
        assertEquals(401, get(BASE + "/api/v1/admin/plugins").statusCode());
    }
}
