package dev.aqueduct.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aqueduct.it.support.Aqueduct;
import java.io.File;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the node tests under src/test/node/tests (real npm clients and Chromium through playwright-core) against
 * the server under test; their output appears in the build log.
 */
class BrowserIT {

    @BeforeAll
    static void ready() throws Exception {
        Aqueduct.awaitReady();
    }

    @Test
    void nodeAndBrowserTestsPass() throws Exception {
        File dir = new File(System.getProperty("aqueduct.it.node.dir", "src/test/node"));
        ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-concurrency=1", "tests/").directory(dir)
                .inheritIO();
        // Chromium may only open WebSockets to loopback from pages loaded from 127.0.0.1
        pb.environment().put("AQUEDUCT_IT_BASE", Aqueduct.BASE.replace("localhost", "127.0.0.1"));
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("node tests did not finish in 10 minutes");
        }
        assertEquals(0, p.exitValue(), "node tests failed (see their output above)");
    }
}
