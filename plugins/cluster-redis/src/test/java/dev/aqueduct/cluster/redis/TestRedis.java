package dev.aqueduct.cluster.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** The shared test Redis (never stopped by a test) and private redis-server processes that tests may kill. */
final class TestRedis {

    private TestRedis() {
    }

    static String sharedUrl() {
        return System.getProperty("aqueduct.test.redis.url", "redis://127.0.0.1:6379");
    }

    /** Settings for the shared Redis under a key prefix of its own, so test runs never see each other's keys. */
    static RedisSettings shared(String prefix) {
        return RedisSettings.from(MapConfig.of("url", sharedUrl(), "key-prefix", prefix, "heartbeat", "200ms",
                "reconnect-delay", "100ms"));
    }

    static String newPrefix() {
        return "aqueduct-test:" + UUID.randomUUID() + ":";
    }

    /** Deletes every key under a prefix. */
    static void deleteKeys(RedisSettings s) {
        try (RedisClient c = new RedisClient(s)) {
            String cursor = "0";
            do {
                List<?> r = (List<?>) c.call("SCAN", cursor, "MATCH", s.keyPrefix() + "*", "COUNT", 1000);
                cursor = Resp.text(r.get(0));
                for (Object k : (List<?>) r.get(1)) {
                    c.call("DEL", (Object) k);
                }
            } while (!cursor.equals("0"));
        }
    }

    /** Waits for a condition that depends on another process or thread; fails after {@code seconds}. */
    static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A redis-server of our own, without persistence, on a free port; start, kill and start it again. */
    static final class OwnServer implements AutoCloseable {
        final int port;
        private final Path dir;
        private final List<String> extraArgs;
        private Process process;

        /** {@code extraArgs} are further redis-server options, e.g. {@code --requirepass secret}. */
        OwnServer(String... extraArgs) throws IOException {
            this.extraArgs = List.of(extraArgs);
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            dir = Files.createTempDirectory("redis-test");
        }

        String url() {
            return "redis://127.0.0.1:" + port;
        }

        void start() throws IOException, InterruptedException {
            List<String> cmd = new java.util.ArrayList<>(List.of(
                    System.getProperty("aqueduct.test.redis.server", "redis-server"),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--dir", dir.toString()));
            cmd.addAll(extraArgs);
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            await("redis-server on port " + port, 20, () -> {
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        }

        /** Like {@code kill -9}: no goodbye to the clients. */
        void kill() throws InterruptedException {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor();
                process = null;
            }
        }

        @Override
        public void close() throws InterruptedException, IOException {
            kill();
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
