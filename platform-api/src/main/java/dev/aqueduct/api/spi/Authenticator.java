package dev.aqueduct.api.spi;

import dev.aqueduct.api.Principal;
import java.util.Optional;

/**
 * Turns a bearer token into a {@link Principal}. Authenticators are tried in order; the first that recognises the
 * token decides.
 */
public interface Authenticator {

    /**
     * @param token the raw token as the client sent it (header, query parameter, cookie or first message)
     * @return the principal, or empty when this authenticator does not handle this kind of token
     * @throws AuthenticationException when it handles the token but refuses it (expired, bad signature, ...)
     */
    Optional<Principal> authenticate(String token) throws AuthenticationException;
}
