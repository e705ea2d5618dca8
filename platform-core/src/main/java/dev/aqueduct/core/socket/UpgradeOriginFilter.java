package dev.aqueduct.core.socket;

import dev.aqueduct.core.Platform;
import dev.aqueduct.core.http.ProblemException;
import dev.aqueduct.core.http.ProblemResponses;
import dev.aqueduct.core.http.RequestGuard;
import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Refuses WebSocket upgrades from browser origins that are not allowed, with a 403 before the handshake. */
public class UpgradeOriginFilter implements Filter {

    @Inject
    Platform platform;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            RequestGuard.checkOrigin(platform.gate(), (HttpServletRequest) request);
        } catch (ProblemException e) {
            ProblemResponses.write((HttpServletResponse) response, e);
            return;
        }
        chain.doFilter(request, response);
    }
}
