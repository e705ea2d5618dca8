package dev.aqueduct.core.http;

import java.util.Map;

/** Carries a {@link Problem} out of request handling; transports render it as problem+json. */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    /** Extra response headers such as {@code WWW-Authenticate} or {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(Problem.of(400, code, "Bad request", detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail));
    }

    public static ProblemException unauthorized(String reasonCode, String detail) {
        String challenge = "missing_token".equals(reasonCode) ? "Bearer realm=\"aqueduct\""
                : "Bearer realm=\"aqueduct\", error=\"invalid_token\", error_description=\""
                + detail.replace("\"", "'") + "\"";
        return new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", detail).with("reason", reasonCode),
                Map.of("WWW-Authenticate", challenge));
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(Problem.of(404, code, "Not found", detail));
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(Problem.of(413, "too-large", "Payload too large", detail));
    }

    public static ProblemException rateLimited(long retryAfterSeconds) {
        return new ProblemException(Problem.of(429, "rate-limited", "Too many requests",
                "rate limit exceeded; retry after " + retryAfterSeconds + " s").with("retryAfter", retryAfterSeconds),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public static ProblemException unavailable(String code, String detail, long retryAfterSeconds) {
        return new ProblemException(Problem.of(503, code, "Service unavailable", detail)
                .with("retryAfter", retryAfterSeconds), Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }
}
