package dev.aqueduct.api.spi;

/** Thrown by an {@link Authenticator} that recognised a token but refuses it. */
public class AuthenticationException extends Exception {

    /** Why a token was refused; used as the metrics label and in the 401 response. */
    public enum Reason {
        MISSING("missing_token"),
        MALFORMED("malformed"),
        EXPIRED("expired"),
        NOT_YET_VALID("not_yet_valid"),
        BAD_SIGNATURE("bad_signature"),
        UNSUPPORTED_ALGORITHM("unsupported_algorithm"),
        WRONG_ISSUER("wrong_issuer"),
        WRONG_AUDIENCE("wrong_audience"),
        UNKNOWN_KEY("unknown_key"),
        INVALID_CLAIMS("invalid_claims");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** Stable lowercase code, e.g. {@code expired}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public AuthenticationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AuthenticationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
