package dev.aqueduct.crdt;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the node scripts of src/test/node (the Yjs reference side of the tests). Other modules use it from this
 * module's test-jar with their own script folder, whose packages come from a committed lockfile too.
 */
public final class NodeRunner {
    private NodeRunner() {}

    static File nodeDir() {
        return nodeDir(new File("src/test/node"));
    }

    /** {@code dir}, once its node_modules are installed. */
    public static File nodeDir(File dir) {
        if (!new File(dir, "node_modules/yjs").isDirectory()) {
            throw new IllegalStateException("node_modules missing in " + dir.getAbsolutePath() + " (run the Maven build, which runs npm ci)");
        }
        return dir;
    }

    /** Runs {@code node script args...}, writes {@code stdin} to it and returns its stdout. */
    static String run(String script, byte[] stdin, String... args) {
        return run(nodeDir(), script, stdin, args);
    }

    /** Runs {@code node script args...} in {@code dir}, writes {@code stdin} to it and returns its stdout. */
    public static String run(File dir, String script, byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("node");
        cmd.add(script);
        for (String a : args) cmd.add(a);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(nodeDir(dir)).redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process p = pb.start();
            Thread writer = new Thread(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    if (stdin != null) os.write(stdin);
                } catch (IOException ignored) {
                    // the script may exit early; its exit code tells
                }
            });
            writer.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream is = p.getInputStream()) {
                is.transferTo(out);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("node " + script + " timed out");
            }
            writer.join();
            if (p.exitValue() != 0) throw new IllegalStateException("node " + script + " failed with " + p.exitValue());
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
