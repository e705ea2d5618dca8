package dev.aqueduct.it;

import static dev.aqueduct.it.support.Aqueduct.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.it.support.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * Restart durability of collaborative documents: the server is killed with SIGKILL in the middle of a burst of
 * edits, twice, and restarted. Every update a client saw acknowledged must be in the stored document after the
 * restart, and the same clients, still running, must resync by themselves.
 *
 * <p>It runs its own Liberty server (the shared test server must live on): the installation the build created, with a
 * separate user directory under {@code target/durability}, the shipped {@code server.xml}, the test EAR, its own
 * port and its own embedded Derby database. The editors are {@code src/test/node/durability/burst.mjs}: two Hocuspocus
 * providers and one y-websocket provider on one document, each inserting unique markers ({@code [h1:00042]}) every
 * few milliseconds. Their tokens are signed by the test issuer, whose key outlives a restart (the development issuer
 * makes a new key at every start, so its tokens would not).
 *
 * <p>Two meanings of "acknowledged", asserted separately:
 * <ul>
 *   <li><b>SyncStatus</b> (Hocuspocus): the provider got {@code SyncStatus(applied)} for the frame that carried the
 *       marker. The server sends it only after the update is stored.</li>
 *   <li><b>broadcast</b> (y-websocket has no acknowledgement; used for every client): another client received the
 *       marker from the server, which stores an update before it sends it to anyone.</li>
 * </ul>
 * After each kill the clients' network stays down (a proxy inside the node script refuses them) until the test has
 * read the stored document straight from the restarted server, so the clients cannot hide a lost update by sending
 * it again. Then they reconnect on their own, and must end up with every edit, including those typed while the server
 * was down.
 */
class DocumentDurabilityIT {

    private static final int PORT = Integer.getInteger("aqueduct.it.durability.port", 9580);
    private static final String SERVER = "aqueduct-durability";
    private static final int CYCLES = 2;
    /** Edits each client must have acknowledged in a cycle before the kill. */
    private static final int ACKED_BEFORE_KILL = 25;
    private static final Pattern MARKER = Pattern.compile("\\[(h1|h2|y1):\\d{5,}]");
    private static final List<String> CLIENTS = List.of("h1", "h2", "y1");

    @Test
    void acknowledgedEditsSurviveKillAndTheClientsResync() throws Exception {
        long started = System.nanoTime();
        Path work = DIR.toAbsolutePath().getParent().resolve("durability");
        Liberty server = new Liberty(Path.of(System.getProperty("aqueduct.it.liberty.home", "target/liberty/wlp")),
                work, SERVER, PORT);
        NodeEditors editors = null;
        try {
            server.create(Path.of(System.getProperty("aqueduct.it.liberty.config", "../ear/src/main/liberty/config")),
                    DIR.resolve("app/aqueduct.ear"), DIR.resolve("keys/issuer-public.pem"), work.resolve("db"));
            server.start();
            String doc = "doc:durability-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> tokens = new LinkedHashMap<>();
            for (String c : CLIENTS) {
                tokens.put(c, editorToken("editor-" + c));
            }
            editors = NodeEditors.start(server.base(), doc, tokens, work);
            editors.await("ready", Duration.ofSeconds(60));

            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                editors.call("{\"cmd\":\"await-acks\",\"n\":" + ACKED_BEFORE_KILL + "}", "acks-reached",
                        Duration.ofSeconds(40));
                long killedAt = server.kill9();
                JsonObject atKill = editors.call("{\"cmd\":\"killed\",\"cycle\":" + cycle + ",\"at\":" + killedAt + "}",
                        "kill-log", Duration.ofSeconds(10));
                List<String> bySyncStatus = strings(atKill, "syncStatus");
                List<String> byBroadcast = strings(atKill, "broadcast");
                server.start();

                // what the restarted server has stored, read before any editor is let back in
                Map<String, Integer> stored = markerCounts(editors.decode(server.storedState(doc)));
                assertTrue(bySyncStatus.size() >= 2L * ACKED_BEFORE_KILL,
                        "cycle " + cycle + ": too few SyncStatus acknowledgements to mean anything: " + bySyncStatus.size());
                assertAllStored(stored, bySyncStatus, "cycle " + cycle + ", acknowledged with SyncStatus before the kill");
                assertAllStored(stored, byBroadcast, "cycle " + cycle + ", broadcast to another client before the kill");
                assertTrue(byBroadcast.stream().anyMatch(m -> m.startsWith("[y1:")),
                        "cycle " + cycle + ": no y-websocket edit was broadcast before the kill");
                assertNoDuplicates(stored, "cycle " + cycle + ", stored after the restart");

                editors.call("{\"cmd\":\"up\"}", "network-up", Duration.ofSeconds(5));
                JsonObject resynced = editors.call("{\"cmd\":\"await-resync\",\"cycle\":" + cycle + "}", "resynced",
                        Duration.ofSeconds(40));
                JsonObject offline = resynced.getJsonObject("editedWhileDown");
                for (String c : CLIENTS) {
                    assertTrue(offline.getInt(c) > 0, "cycle " + cycle + ": " + c + " made no edit while the server was down");
                }
                System.out.printf("durability cycle %d: %d edits before the kill, %d acknowledged with SyncStatus, %d "
                                + "broadcast, %d in flight; %d stored after the restart; resynced %d ms after the network "
                                + "came back; edits while down %s%n", cycle, atKill.getInt("createdBeforeKill"),
                        bySyncStatus.size(), byBroadcast.size(), atKill.getInt("inFlight"), stored.size(),
                        resynced.getInt("ms"), offline);
            }

            JsonObject last = editors.call("{\"cmd\":\"stop\"}", "final", Duration.ofSeconds(40));
            String serverText = editors.decode(server.storedState(doc));
            Map<String, Integer> stored = markerCounts(serverText);
            for (String c : CLIENTS) {
                assertEquals(serverText, last.getJsonObject("texts").getString(c), c + " did not converge to the server's copy");
            }
            for (String c : List.of("h1", "h2")) {
                assertEquals(0, last.getJsonObject("unsynced").getInt(c), c + " still counts unsynced changes");
                assertEquals(0, last.getJsonObject("strays").getInt(c), c + " got SyncStatus messages for frames it never sent");
            }
            List<String> created = strings(last, "created");
            assertNoDuplicates(stored, "final server copy");
            assertAllStored(stored, created, "final server copy, every edit ever made");
            assertEquals(new TreeSet<>(created), new TreeSet<>(stored.keySet()), "the server has markers nobody typed");
            System.out.printf("durability: %d edits, all stored once and on every client; %d s in all%n",
                    created.size(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        } finally {
            if (editors != null) {
                editors.close();
            }
            server.stop();
        }
    }

    private static String editorToken(String sub) throws Exception {
        JwtClaims claims = issuerClaims(sub, Duration.ofMinutes(30));
        claims.setClaim("rooms", Map.of("doc:*", "rwp"));
        return sign(claims);
    }

    private static List<String> strings(JsonObject o, String key) {
        return o.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static Map<String, Integer> markerCounts(String text) {
        Map<String, Integer> counts = new TreeMap<>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            counts.merge(m.group(), 1, Integer::sum);
        }
        return counts;
    }

    private static void assertAllStored(Map<String, Integer> stored, List<String> markers, String what) {
        List<String> missing = markers.stream().filter(m -> !stored.containsKey(m)).toList();
        assertTrue(missing.isEmpty(), what + ": " + missing.size() + " of " + markers.size() + " missing: " + missing);
    }

    private static void assertNoDuplicates(Map<String, Integer> stored, String what) {
        Map<String, Integer> twice = new TreeMap<>(stored);
        twice.values().removeIf(n -> n == 1);
        assertTrue(twice.isEmpty(), what + ": markers stored more than once: " + twice);
    }

    /** A Liberty server of its own: the build's installation, a user directory under {@code work}. */
    static final class Liberty {
        private final Path home;
        private final Path userDir;
        private final Path work;
        private final String name;
        private final int port;
        private final File log;

        Liberty(Path home, Path work, String name, int port) {
            this.home = home.toAbsolutePath();
            this.work = work;
            this.userDir = work.resolve("usr");
            this.name = name;
            this.port = port;
            this.log = work.resolve("server-script.log").toFile();
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        void create(Path config, Path ear, Path issuerKey, Path db) throws Exception {
            process().ifPresent(p -> { // left over from an aborted run
                System.err.println("killing a server left over from an earlier run: " + p.pid());
                p.destroyForcibly();
                p.onExit().join();
            });
            deleteTree(work);
            Path dir = userDir.resolve("servers").resolve(name);
            Files.createDirectories(dir);
            Files.copy(config.resolve("server.xml"), dir.resolve("server.xml"), StandardCopyOption.REPLACE_EXISTING);
            // faster start-up on a small machine: C1 only, no OpenAPI scan (neither changes what is tested)
            Files.writeString(dir.resolve("jvm.options"), Files.readString(config.resolve("jvm.options")).strip()
                    + "\n-XX:TieredStopAtLevel=1\n");
            Files.writeString(dir.resolve("server.env"), String.join("\n",
                    "AQUEDUCT_HTTP_PORT=" + port,
                    "AQUEDUCT_APP_LOCATION=" + ear.toAbsolutePath(),
                    "AQUEDUCT_DEV_ENABLED=true",
                    "AQUEDUCT_PLUGIN_DOCUMENTS_JPA_URL=jdbc:derby:" + db.toAbsolutePath() + ";create=true",
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION=" + issuerKey.toAbsolutePath(),
                    "MP_JWT_VERIFY_ISSUER=" + ISSUER,
                    "MP_OPENAPI_SCAN_DISABLE=true") + "\n");
        }

        /** {@code bin/server start}, then waits until the server reports ready. */
        void start() throws Exception {
            // whatever answers on the port must be this server, not another one (another build running this test)
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                fail("port " + port + " is in use before the own server starts (set aqueduct.it.durability.port)");
            } catch (IOException free) {
                // nothing listens: good
            }
            int rc = script(Duration.ofSeconds(180), "start");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (true) {
                Optional<ProcessHandle> p = process();
                if (p.isEmpty() && rc != 0) {
                    fail("server start failed (" + rc + "); see target/durability/server-script.log and "
                            + "target/durability/usr/servers/" + name + "/logs");
                }
                try {
                    awaitReady(base(), Duration.ofSeconds(2));
                    return;
                } catch (IllegalStateException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("own server did not become ready; see target/durability/usr/servers/"
                                + name + "/logs", notYet);
                    }
                }
            }
        }

        /** SIGKILL (no shutdown hook, no Derby shutdown, no close frames); returns when it was sent (epoch ms). */
        long kill9() throws Exception {
            ProcessHandle p = process().orElseThrow(() -> new AssertionError("own server process not found"));
            long at = System.currentTimeMillis();
            assertTrue(p.destroyForcibly(), "SIGKILL not sent");
            p.onExit().get(20, TimeUnit.SECONDS);
            return at;
        }

        /** The stored document as one Yjs update, read with a fresh development token. */
        byte[] storedState(String doc) throws Exception {
            String token = devToken(base(), "{\"sub\":\"durability-reader\",\"rooms\":{\"doc:*\":\"r\"}}");
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/documents/" + doc
                            + "/state")).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
            return r.body();
        }

        /** {@code bin/server stop}; SIGKILL when that did not end it. */
        void stop() {
            try {
                if (process().isPresent()) {
                    script(Duration.ofSeconds(60), "stop");
                }
            } catch (Exception e) {
                System.err.println("server stop failed: " + e);
            } finally {
                process().ifPresent(p -> {
                    p.destroyForcibly();
                    try {
                        p.onExit().get(20, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        System.err.println("own server did not exit after SIGKILL: " + e);
                    }
                });
            }
        }

        private int script(Duration max, String action) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/server").toString(), action, name)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("WLP_") || k.startsWith("AQUEDUCT_") || k.startsWith("MP_"));
            env.put("WLP_USER_DIR", userDir.toString());
            Process p = pb.start();
            if (!p.waitFor(max.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/server " + action + " did not finish in " + max.toSeconds() + " s");
            }
            return p.exitValue();
        }

        private Optional<Long> pid() {
            try {
                Path f = userDir.resolve("servers/.pid/" + name + ".pid");
                return Files.exists(f) ? Optional.of(Long.parseLong(Files.readString(f).strip())) : Optional.empty();
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** The running server's JVM: the pid Liberty recorded, checked against the command line. */
        private Optional<ProcessHandle> process() {
            return pid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(name)).orElse(false));
        }
    }

    /** The node editors: commands as JSON lines on stdin, answers and events as JSON lines on stdout. */
    static final class NodeEditors implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();

        private NodeEditors(Process process) {
            this.process = process;
            this.in = process.outputWriter(StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        events.add(JsonText.object(line));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "durability-node-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static NodeEditors start(String base, String doc, Map<String, String> tokens, Path work) throws IOException {
            File dir = new File(System.getProperty("aqueduct.it.node.dir", "src/test/node"));
            ProcessBuilder pb = new ProcessBuilder("node", "durability/burst.mjs").directory(dir)
                    .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("node.log").toFile()));
            StringBuilder json = new StringBuilder("{");
            tokens.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
                    .append(v).append('"'));
            pb.environment().put("AQ_TARGET", base);
            pb.environment().put("AQ_DOC", doc);
            pb.environment().put("AQ_TOKENS", json.append('}').toString());
            pb.environment().put("AQ_LOG_DIR", work.toString());
            return new NodeEditors(pb.start());
        }

        JsonObject await(String event, Duration max) throws Exception {
            long deadline = System.nanoTime() + max.toNanos();
            while (true) {
                JsonObject e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no '" + event + "' from the node editors in " + max.toSeconds() + " s"
                            + (process.isAlive() ? "" : " (they exited with " + process.exitValue() + ")")
                            + "; see target/durability/node.log");
                }
                if (e.getString("event").equals("error")) {
                    throw new AssertionError("node editors: " + e.getString("message") + "; see target/durability/node.log");
                }
                if (e.getString("event").equals(event)) {
                    return e;
                }
            }
        }

        JsonObject call(String command, String answer, Duration max) throws Exception {
            in.write(command + "\n");
            in.flush();
            return await(answer, max);
        }

        /** The text of a Yjs state, decoded by the real yjs. */
        String decode(byte[] state) throws Exception {
            return call("{\"cmd\":\"decode\",\"state\":\"" + Base64.getEncoder().encodeToString(state) + "\"}", "decoded",
                    Duration.ofSeconds(20)).getString("text");
        }

        @Override
        public void close() throws Exception {
            try {
                if (process.isAlive()) {
                    call("{\"cmd\":\"exit\"}", "bye", Duration.ofSeconds(5));
                }
            } catch (Exception | AssertionError e) {
                // killed below
            } finally {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
