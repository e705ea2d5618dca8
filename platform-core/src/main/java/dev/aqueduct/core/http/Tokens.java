package dev.aqueduct.core.http;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the access token of an HTTP request: the {@code Authorization: Bearer} header first, then the
 * {@code access_token} query parameter, then the {@code access_token} cookie. Browsers cannot set headers on
 * {@code EventSource} or {@code WebSocket}, hence the other two.
 */
public final class Tokens {

    public static final String QUERY_PARAMETER = "access_token";
    public static final String COOKIE = "access_token";

    private Tokens() {
    }

    public static String fromRequest(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        String q = req.getParameter(QUERY_PARAMETER);
        if (q != null && !q.isBlank()) {
            return q.trim();
        }
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName()) && !c.getValue().isBlank()) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** The same lookup for transports that only have the raw header and query values (WebSocket handshakes). */
    public static String fromParts(String authorizationHeader, String queryValue, String cookieHeader) {
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorizationHeader.substring(7).trim();
        }
        if (queryValue != null && !queryValue.isBlank()) {
            return queryValue.trim();
        }
        if (cookieHeader != null) {
            for (String part : cookieHeader.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=") && p.length() > COOKIE.length() + 1) {
                    return p.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }
}
