package dev.aqueduct.cluster.redis;

/** Redis answered with an error (a bad script, wrong password, a full server). */
class RedisException extends RuntimeException {

    RedisException(String message) {
        super(message);
    }

    RedisException(String message, Throwable cause) {
        super(message, cause);
    }
}
