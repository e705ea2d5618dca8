package dev.aqueduct.cluster.redis;

import dev.aqueduct.api.plugin.PluginConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How to reach Redis, read from {@code aqueduct.plugin.cluster-redis.*}: {@code url}
 * ({@code redis://[[user]:password@]host[:port][/database]}), optional {@code username} and {@code password} that
 * override the URL's, {@code key-prefix} for every key and channel, and the timeouts.
 */
record RedisSettings(String host, int port, String username, String password, int database, String keyPrefix,
                     Duration connectTimeout, Duration commandTimeout, Duration reconnectDelay, Duration heartbeat) {

    static final int DEFAULT_PORT = 6379;

    static RedisSettings from(PluginConfig c) {
        String url = c.get("url").map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() ->
                new IllegalArgumentException(c.qualifiedKey("url") + " is required, e.g. redis://redis.internal:6379"));
        URI u;
        try {
            u = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(c.qualifiedKey("url") + ": not a URL (" + e.getMessage() + ")");
        }
        if ("rediss".equalsIgnoreCase(u.getScheme())) {
            throw new IllegalArgumentException(c.qualifiedKey("url")
                    + ": TLS (rediss://) is not supported yet; use a TLS tunnel or a private network");
        }
        if (!"redis".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException(c.qualifiedKey("url") + ": expected redis://host[:port][/database]");
        }
        String user = null;
        String pass = null;
        if (u.getRawUserInfo() != null) {
            String[] parts = u.getRawUserInfo().split(":", 2);
            user = parts[0].isEmpty() ? null : decode(parts[0]);
            pass = parts.length > 1 ? decode(parts[1]) : null;
        }
        int db = 0;
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+", "");
        if (!path.isEmpty()) {
            try {
                db = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(c.qualifiedKey("url") + ": the path must be a database number");
            }
        }
        Duration heartbeat = c.getDuration("heartbeat", Duration.ofSeconds(5));
        if (heartbeat.toMillis() < 100) {
            throw new IllegalArgumentException(c.qualifiedKey("heartbeat") + " must be at least 100ms");
        }
        return new RedisSettings(u.getHost(), u.getPort() < 0 ? DEFAULT_PORT : u.getPort(),
                c.get("username").orElse(user), c.get("password").orElse(pass), db,
                c.get("key-prefix", "aqueduct:"),
                c.getDuration("connect-timeout", Duration.ofSeconds(2)),
                c.getDuration("command-timeout", Duration.ofSeconds(2)),
                c.getDuration("reconnect-delay", Duration.ofSeconds(1)),
                heartbeat);
    }

    /** Where Redis is, for logs and health (never the password). */
    String address() {
        return host + ":" + port + (database == 0 ? "" : "/" + database);
    }

    @Override
    public String toString() {
        return "RedisSettings[" + address() + ", prefix " + keyPrefix + "]";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
