package dev.aqueduct.example.livekit;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.plugin.PluginHealth;
import dev.aqueduct.api.spi.RtcJoinRequest;
import dev.aqueduct.api.spi.RtcProvider;
import dev.aqueduct.api.spi.RtcTicket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link RtcProvider} for LiveKit: it mints LiveKit access tokens for the platform's own users, so a client that
 * may SIGNAL in a room can join the room of the same name on a LiveKit server. Nothing is sent to LiveKit; the
 * token is signed with the API secret LiveKit was configured with.
 *
 * <p>The token is an HS256 JWT with {@code iss} the API key, {@code sub} the subject, {@code nbf}/{@code exp}, the
 * {@code name} claim of the caller's token when it has one, and the {@code video} grant: {@code room},
 * {@code roomJoin}, {@code canSubscribe} (READ in the room), {@code canPublish} and {@code canPublishData} (WRITE),
 * {@code roomAdmin} (ADMIN). Settings under {@code aqueduct.plugin.livekit.}: {@code url} (where clients connect),
 * {@code api-key}, {@code api-secret} (at least 32 bytes, as RFC 7518 asks of HS256 keys), {@code ttl} (default
 * 10m). Off unless {@code aqueduct.plugin.livekit.enabled=true}.
 */
public final class LiveKitTokenFactory implements PluginFactory<RtcProvider> {

    static final int MIN_SECRET_BYTES = 32;

    private volatile String url;
    private volatile String apiKey;
    private volatile byte[] apiSecret;
    private volatile Duration ttl;

    @Override
    public String id() {
        return "livekit";
    }

    @Override
    public Class<RtcProvider> spi() {
        return RtcProvider.class;
    }

    @Override
    public boolean enabledByDefault() {
        return false;
    }

    @Override
    public void init(PluginConfig config) {
        url = required(config, "url");
        String scheme = URI.create(url).getScheme();
        if (scheme == null || !scheme.matches("wss?|https?")) {
            throw new IllegalArgumentException(config.qualifiedKey("url") + ": expected a ws://, wss://, http:// or "
                    + "https:// URL, got '" + url + "'");
        }
        apiKey = required(config, "api-key");
        apiSecret = required(config, "api-secret").getBytes(StandardCharsets.UTF_8);
        if (apiSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(config.qualifiedKey("api-secret") + ": must be at least "
                    + MIN_SECRET_BYTES + " bytes for HS256");
        }
        ttl = config.getDuration("ttl", Duration.ofMinutes(10));
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(config.qualifiedKey("ttl") + ": must be positive");
        }
    }

    private static String required(PluginConfig config, String key) {
        return config.get(key).map(String::trim).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException(config.qualifiedKey(key) + " is not set"));
    }

    @Override
    public RtcProvider create(PluginContext context) {
        String u = url;
        String key = apiKey;
        byte[] secret = apiSecret;
        Duration t = ttl;
        return request -> {
            Instant exp = request.now().plus(t);
            String token = Hs256Jwt.sign(claims(request, key, exp), secret);
            return new RtcTicket("livekit", u, request.room().value(), token, exp);
        };
    }

    static Map<String, Object> claims(RtcJoinRequest r, String apiKey, Instant exp) {
        Map<String, Object> video = new LinkedHashMap<>();
        video.put("room", r.room().value());
        video.put("roomJoin", true);
        video.put("canSubscribe", r.allows(Action.READ));
        video.put("canPublish", r.allows(Action.WRITE));
        video.put("canPublishData", r.allows(Action.WRITE));
        if (r.allows(Action.ADMIN)) {
            video.put("roomAdmin", true);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", apiKey);
        claims.put("sub", r.principal().subject());
        claims.put("nbf", r.now().getEpochSecond());
        claims.put("exp", exp.getEpochSecond());
        if (r.principal().claims().get("name") instanceof String name && !name.isBlank()) {
            claims.put("name", name);
        }
        claims.put("video", video);
        return claims;
    }

    @Override
    public PluginHealth health() {
        return new PluginHealth(true, "tokens for " + url + " (api key " + apiKey + ")", Map.of());
    }
}
