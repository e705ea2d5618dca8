package dev.aqueduct.bench.crdt;

import dev.aqueduct.crdt.YDoc;
import dev.aqueduct.crdt.YText;
import dev.aqueduct.crdt.lib0.Json;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Replays an editing trace ({endContent, txns:[{patches:[[pos, del, ins]]}]}) on a Y.Text named
 * "text", one transaction per patch, and prints one JSON line of measurements.
 * Usage: TraceBench trace.json.gz local|sync
 */
public final class TraceBench {
    private static final long CLIENT_ID = 1;

    private TraceBench() {}

    /** A trace flattened into primitive arrays. */
    static final class Trace {
        int[] pos, del;
        String[] ins;
        String endContent;
    }

    @SuppressWarnings("unchecked")
    static Trace load(String file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new FileInputStream(file))) {
            in.transferTo(out);
        }
        Map<String, Object> t = (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8));
        List<Map<String, Object>> txns = (List<Map<String, Object>>) t.get("txns");
        int n = 0;
        for (Map<String, Object> tx : txns) n += ((List<?>) tx.get("patches")).size();
        Trace tr = new Trace();
        tr.pos = new int[n];
        tr.del = new int[n];
        tr.ins = new String[n];
        int i = 0;
        for (Map<String, Object> tx : txns) {
            for (Object p : (List<Object>) tx.get("patches")) {
                List<Object> pl = (List<Object>) p;
                tr.pos[i] = ((Number) pl.get(0)).intValue();
                tr.del[i] = ((Number) pl.get(1)).intValue();
                tr.ins[i] = (String) pl.get(2);
                i++;
            }
        }
        tr.endContent = (String) t.get("endContent");
        return tr;
    }

    static YDoc replay(Trace t, boolean sync) {
        YDoc doc = new YDoc(CLIENT_ID);
        YText text = doc.getText("text");
        YDoc remote = null;
        if (sync) {
            YDoc r = new YDoc(CLIENT_ID + 1);
            r.getText("text");
            doc.onUpdate((u, o) -> r.applyUpdate(u));
            remote = r;
        }
        for (int i = 0; i < t.pos.length; i++) {
            if (t.del[i] > 0) text.delete(t.pos[i], t.del[i]);
            if (!t.ins[i].isEmpty()) text.insert(t.pos[i], t.ins[i]);
        }
        if (!text.toString().equals(t.endContent)) throw new IllegalStateException("replay result differs from endContent");
        if (remote != null && !remote.getText("text").toString().equals(t.endContent)) throw new IllegalStateException("remote differs");
        return doc;
    }

    static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Waits until the JIT compilers have been idle for 200 ms (at most 5 s). Loading the trace runs
     * a JSON parser written in Java, which leaves a queue of compilations behind (node parses JSON
     * natively); without the wait the first replays would share the compiler threads with it.
     */
    static void awaitCompilerIdle() {
        java.lang.management.CompilationMXBean c = ManagementFactory.getCompilationMXBean();
        if (c == null || !c.isCompilationTimeMonitoringSupported()) return;
        long deadline = System.nanoTime() + 5_000_000_000L;
        long last = c.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 4 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = c.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    public static void main(String[] args) throws IOException {
        String file = args[0];
        boolean sync = args.length > 1 && args[1].equals("sync");
        Trace t = load(file);
        awaitCompilerIdle();
        long t0 = System.nanoTime();
        YDoc doc = replay(t, sync);
        double cold = (System.nanoTime() - t0) / 1e6;
        doc = null;
        replay(t, sync);
        replay(t, sync);
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c1 = mx.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        doc = replay(t, sync);
        double warm = (System.nanoTime() - t1) / 1e6;
        double warmCpu = (mx.getCurrentThreadCpuTime() - c1) / 1e6;
        byte[] v1 = doc.encodeStateAsUpdate();
        byte[] v2 = doc.encodeStateAsUpdateV2();
        // parse: load the encoded document into a fresh one. First parse in the process, then the
        // median of 21 parses after 30 warm-up parses.
        double[] parses = new double[51];
        for (int i = 0; i < parses.length; i++) {
            long p0 = System.nanoTime();
            YDoc d = new YDoc();
            d.applyUpdate(v1);
            if (d.getText("text").length() != t.endContent.length()) throw new IllegalStateException("parse mismatch");
            parses[i] = (System.nanoTime() - p0) / 1e6;
        }
        double parseFirst = parses[0];
        double[] warmParses = java.util.Arrays.copyOfRange(parses, 30, 51);
        java.util.Arrays.sort(warmParses);
        double parse = warmParses[10];
        doc = null;
        long base = usedHeap();
        YDoc kept = new YDoc();
        kept.applyUpdate(v1);
        kept.getText("text").length();
        long heap = usedHeap() - base;
        if (kept.getText("text").length() < 0) System.out.println();
        System.out.println("{\"impl\":\"java\",\"trace\":\"" + file.replaceAll(".*/", "") + "\",\"mode\":\"" + (sync ? "sync" : "local")
            + "\",\"coldMs\":" + cold + ",\"warmMs\":" + warm + ",\"warmCpuMs\":" + warmCpu + ",\"v1Bytes\":" + v1.length + ",\"v2Bytes\":" + v2.length
            + ",\"parseMs\":" + parse + ",\"parseFirstMs\":" + parseFirst + ",\"heapBytes\":" + heap + "}");
    }
}
