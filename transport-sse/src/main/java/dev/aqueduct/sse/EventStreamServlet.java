package dev.aqueduct.sse;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HistoryStore.Position;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.core.Platform;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.core.http.ProblemException;
import dev.aqueduct.core.http.ProblemResponses;
import dev.aqueduct.core.http.RequestGuard;
import dev.aqueduct.core.security.Gate;
import dev.aqueduct.core.security.RateLimiter;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/events?rooms=a,b}: one event stream for several rooms, resumable with {@code Last-Event-ID}
 * (header) or {@code lastEventId} (query; the header wins). See docs/protocols/sse.md.
 */
public class EventStreamServlet extends HttpServlet {

    public static final String PATH = "/api/v1/events";

    @Inject
    Platform platform;

    @Inject
    StreamRegistry registry;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Gate gate = platform.gate();
            RequestGuard.checkOrigin(gate, req);
            veto(Hooks.Event.CONNECT, null, null);
            Principal principal = RequestGuard.authenticate(gate, req);
            veto(Hooks.Event.AUTHENTICATE, principal, null);
            RateLimiter.Result rate = gate.tryAcquire(principal);
            if (!rate.allowed()) {
                throw ProblemException.rateLimited(rate.retryAfterSeconds());
            }
            List<RoomId> rooms = rooms(req.getParameter("rooms"), gate.limits().maxRoomsPerConnection());
            for (RoomId r : rooms) {
                RequestGuard.authorize(gate, principal, r, Action.READ);
                veto(Hooks.Event.JOIN, principal, r);
            }
            Map<RoomId, Position> cursor = cursor(req);
            start(req, resp, principal, rooms, cursor);
        } catch (ProblemException e) {
            ProblemResponses.write(resp, e);
        }
    }

    /** Asks the lifecycle hooks; a veto refuses the stream with 403 and the hook's reason. */
    private void veto(Hooks.Event event, Principal principal, RoomId room) {
        try {
            platform.hooks().before(event, new HookContext(SseStream.TRANSPORT, null, principal, room, null));
        } catch (HookVetoException e) {
            throw ProblemException.forbidden(e.getMessage() == null ? "refused" : e.getMessage());
        }
    }

    /** CORS preflight, for fetch-based SSE clients that send an Authorization header from another origin. */
    @Override
    protected void doOptions(HttpServletRequest req, HttpServletResponse resp) {
        String origin = req.getHeader("Origin");
        if (platform.gate().origins().allowsCrossOrigin(origin)) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
            resp.setHeader("Access-Control-Allow-Credentials", "true");
            resp.setHeader("Access-Control-Allow-Methods", "GET, OPTIONS");
            resp.setHeader("Access-Control-Allow-Headers", "Authorization, Last-Event-ID, Cache-Control");
            resp.setHeader("Access-Control-Max-Age", "600");
            resp.setHeader("Vary", "Origin");
        }
        resp.setStatus(204);
    }

    private void start(HttpServletRequest req, HttpServletResponse resp, Principal principal, List<RoomId> rooms,
                       Map<RoomId, Position> cursor) throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache, no-store, must-revalidate");
        resp.setHeader("X-Accel-Buffering", "no");
        String origin = req.getHeader("Origin");
        if (platform.gate().origins().allowsCrossOrigin(origin)) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
            resp.setHeader("Access-Control-Allow-Credentials", "true");
            resp.setHeader("Vary", "Origin");
        }
        SseStream stream = new SseStream(registry.context(), principal, rooms);
        registry.add(stream);
        ServletOutputStream out = resp.getOutputStream();
        List<byte[]> first;
        try {
            first = stream.open(cursor);
        } catch (RuntimeException e) {
            stream.finish();
            throw e;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                stream.finish();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                stream.finish();
            }

            @Override
            public void onError(AsyncEvent event) {
                stream.finish();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        stream.attach(async, out, first);
    }

    static List<RoomId> rooms(String param, int max) {
        if (param == null || param.isBlank()) {
            throw ProblemException.badRequest("invalid-room", "query parameter 'rooms' is required, e.g. ?rooms=chat:lobby");
        }
        Set<RoomId> out = new LinkedHashSet<>();
        for (String part : param.split(",")) {
            out.add(RequestGuard.room(part.trim()));
        }
        if (out.size() > max) {
            throw ProblemException.badRequest("too-many-rooms",
                    "a stream may subscribe to at most " + max + " rooms; asked for " + out.size());
        }
        return new ArrayList<>(out);
    }

    private static Map<RoomId, Position> cursor(HttpServletRequest req) {
        String c = req.getHeader("Last-Event-ID");
        if (c == null || c.isBlank()) {
            c = req.getParameter("lastEventId");
        }
        if (c == null || c.isBlank()) {
            return Map.of();
        }
        try {
            return SseCursor.decode(c.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-cursor", "Last-Event-ID: " + e.getMessage());
        }
    }
}
