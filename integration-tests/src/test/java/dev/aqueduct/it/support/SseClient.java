package dev.aqueduct.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal SSE client on a raw socket (HTTP/1.1, chunked), so tests see exactly what the server sends, can stop
 * reading to play a slow consumer, and can drop the connection at will. Comments are reported as events named
 * {@code :comment}.
 */
public final class SseClient implements AutoCloseable {

    public static final SseEvent END = new SseEvent("<end>", null, null);

    private final Socket socket;
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final int status;
    private final Map<String, String> headers;
    private final Thread reader;

    private SseClient(Socket socket, int status, Map<String, String> headers, InputStream body, boolean chunked,
                      boolean read) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.reader = new Thread(() -> readLoop(body, chunked), "sse-client");
        this.reader.setDaemon(true);
        if (read) {
            reader.start();
        }
    }

    /** Opens a stream; {@code extraHeaders} such as Last-Event-ID or Origin. */
    public static SseClient open(String url, Map<String, String> extraHeaders) throws IOException {
        return open(url, extraHeaders, true);
    }

    /** Opens a stream that is not read until {@link #startReading()} (a slow consumer). */
    public static SseClient openPaused(String url, Map<String, String> extraHeaders) throws IOException {
        return open(url, extraHeaders, false);
    }

    private static SseClient open(String url, Map<String, String> extraHeaders, boolean read) throws IOException {
        URI u = URI.create(url);
        Socket s = new Socket(u.getHost(), u.getPort());
        s.setReceiveBufferSize(16 * 1024);
        StringBuilder req = new StringBuilder("GET " + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())
                + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort() + "\r\nAccept: text/event-stream\r\n");
        extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        s.setSoTimeout(30_000);
        InputStream r = new java.io.BufferedInputStream(s.getInputStream(), 1024);
        String statusLine = ChunkedInputStream.readLine(r);
        if (statusLine == null) {
            throw new IOException("connection closed before a status line");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String line;
        while ((line = ChunkedInputStream.readLine(r)) != null && !line.isEmpty()) {
            int c = line.indexOf(':');
            headers.put(line.substring(0, c).trim(), line.substring(c + 1).trim());
        }
        s.setSoTimeout(0);
        boolean chunked = "chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"));
        return new SseClient(s, status, headers, r, chunked, read);
    }

    public void startReading() {
        reader.start();
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name);
    }

    private void readLoop(InputStream r, boolean chunked) {
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(chunked ? new ChunkedInputStream(r) : r,
                    StandardCharsets.UTF_8), 1024);
            String event = null;
            String id = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || event != null) {
                        events.add(new SseEvent(event == null ? "message" : event, id,
                                data == null ? null : data.toString()));
                    }
                    event = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new SseEvent(":comment", null, line.substring(1).trim()));
                } else {
                    int c = line.indexOf(':');
                    String field = c < 0 ? line : line.substring(0, c);
                    String value = c < 0 ? "" : line.substring(c + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "event" -> event = value;
                        case "id" -> id = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            // connection ended
        } finally {
            events.add(END);
        }
    }

    /** The next event that is not a comment, or null on timeout. */
    public SseEvent next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            SseEvent e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (e == null || !e.event().equals(":comment")) {
                return e;
            }
        }
    }

    /** The next event including comments, or null on timeout. */
    public SseEvent nextRaw(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits for the next event with the given name, skipping others; null on timeout. */
    public SseEvent await(String eventName, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            SseEvent e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e == null) {
                return null;
            }
            if (e.event().equals(eventName) || e == END) {
                return e;
            }
        }
        return null;
    }

    /** Collects {@code n} message events (skipping other kinds), failing on timeout or end of stream. */
    public List<SseEvent> messages(int n, Duration timeout) throws InterruptedException {
        List<SseEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n) {
            SseEvent e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e == null || e == END) {
                throw new AssertionError("expected " + n + " messages, got " + out.size() + (e == END ? " (stream ended)" : ""));
            }
            if (e.event().equals("message")) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
