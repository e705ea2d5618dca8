package dev.aqueduct.core.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a {@link ProblemException} as an RFC 9457 problem+json servlet response. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static void write(HttpServletResponse resp, ProblemException e) throws IOException {
        resp.setStatus(e.problem().status());
        e.headers().forEach(resp::setHeader);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType(Problem.MEDIA_TYPE);
        byte[] body = e.problem().toJson().getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
