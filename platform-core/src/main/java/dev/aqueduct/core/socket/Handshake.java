package dev.aqueduct.core.socket;

/**
 * What the upgrade request told us, kept for the connection.
 *
 * @param token         the access token from the Authorization header, query or cookie, or {@code null}
 * @param originAllowed whether the browser origin (if any) is same-origin or allowlisted
 * @param origin        the Origin header, for messages
 */
public record Handshake(String token, boolean originAllowed, String origin) {

    public static final String PROPERTY = "aqueduct.handshake";
}
