package dev.aqueduct.core.security;

import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open streams and sockets and call the REST API. Same-origin requests and requests
 * without an {@code Origin} header (non-browser clients) are always allowed; others must be on the allowlist, or
 * the list must contain {@code *}.
 */
public final class OriginPolicy {

    private final List<String> allowed;
    private final boolean any;

    public OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream().map(OriginPolicy::normalize).toList();
        this.any = allowed.contains("*");
    }

    /**
     * @param origin the request's {@code Origin} header, may be null
     * @param scheme the scheme the request arrived with ({@code http} or {@code https})
     * @param host   the request's {@code Host} header (host[:port])
     */
    public boolean allows(String origin, String scheme, String host) {
        if (origin == null || origin.isEmpty()) {
            return true;
        }
        String o = normalize(origin);
        if (host != null && o.equals(normalize(scheme + "://" + host))) {
            return true;
        }
        return any || allowed.contains(o);
    }

    /** Whether an origin is explicitly allowed for cross-origin use (for CORS headers). */
    public boolean allowsCrossOrigin(String origin) {
        return origin != null && (any || allowed.contains(normalize(origin)));
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        if (o.startsWith("http://") && o.endsWith(":80")) {
            o = o.substring(0, o.length() - 3);
        } else if (o.startsWith("https://") && o.endsWith(":443")) {
            o = o.substring(0, o.length() - 4);
        }
        return o;
    }
}
