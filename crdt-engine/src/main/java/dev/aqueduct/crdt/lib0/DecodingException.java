package dev.aqueduct.crdt.lib0;

/** Thrown when binary input is truncated, malformed or exceeds limits. */
public class DecodingException extends RuntimeException {
    public DecodingException(String message) { super(message); }

    public DecodingException(String message, Throwable cause) { super(message, cause); }
}
