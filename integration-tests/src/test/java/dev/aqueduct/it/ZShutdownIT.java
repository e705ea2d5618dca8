package dev.aqueduct.it;

import static dev.aqueduct.it.support.Aqueduct.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.it.support.JsonText;
import dev.aqueduct.it.support.SseClient;
import dev.aqueduct.it.support.SseEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs last (test classes run in alphabetical order): stops the test server with SIGTERM, as orchestrators do,
 * while a stream is open. The stream gets {@code close} with reason {@code shutdown} and the server exits promptly
 * instead of waiting out the 30 s quiesce period.
 */
class ZShutdownIT {

    @Test
    void sigtermClosesStreamsAndTheServerStopsPromptly() throws Exception {
        awaitReady();
        // the server of this build: its name, and a JVM started from this build's Liberty installation (another
        // server of the same name may run on the machine)
        String libertyHome = Path.of(System.getProperty("aqueduct.it.liberty.home")).toAbsolutePath().toString();
        ProcessHandle server = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains("aqueduct-it")
                        && Arrays.stream(a).anyMatch(arg -> arg.contains(libertyHome))).orElse(false))
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("test server process not found"));
        String token = token("sam", "chat:*", "r");
        try (SseClient c = SseClient.open(eventsUrl(token, "chat:shutdown"), Map.of())) {
            c.await("subscribed", Duration.ofSeconds(10));
            long start = System.nanoTime();
            server.destroy();
            SseEvent close = c.await("close", Duration.ofSeconds(15));
            assertNotNull(close);
            assertNotSame(SseClient.END, close, "the stream must get a close event before it ends");
            assertEquals("shutdown", JsonText.object(close.data()).getString("reason"));
            server.onExit().get(25, TimeUnit.SECONDS);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds < 25, "server stopped in " + seconds + " s");
        }
    }
}
