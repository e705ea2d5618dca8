package dev.aqueduct.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script run by its SHA-1 ({@code EVALSHA}), sent in full only when Redis does not know it yet. */
final class RedisScript {

    private final String source;
    private final String sha;

    RedisScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the script; {@code keys} and {@code args} are passed as KEYS and ARGV. */
    Object run(RedisClient client, boolean idempotent, Object[] keys, Object... args) {
        Object[] cmd = new Object[3 + keys.length + args.length];
        cmd[0] = "EVALSHA";
        cmd[1] = sha;
        cmd[2] = keys.length;
        System.arraycopy(keys, 0, cmd, 3, keys.length);
        System.arraycopy(args, 0, cmd, 3 + keys.length, args.length);
        try {
            return idempotent ? client.callIdempotent(cmd) : client.call(cmd);
        } catch (RedisUnavailableException e) {
            throw e;
        } catch (RedisException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                throw e;
            }
            // Redis restarted or flushed its script cache; the script did not run, so sending it is safe
            cmd[0] = "EVAL";
            cmd[1] = source;
            return idempotent ? client.callIdempotent(cmd) : client.call(cmd);
        }
    }
}
