package dev.aqueduct.cluster.redis;

/** Redis could not be reached, or the connection broke before a reply arrived. */
final class RedisUnavailableException extends RedisException {

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
