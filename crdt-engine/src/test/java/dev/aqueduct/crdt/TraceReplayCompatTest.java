package dev.aqueduct.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aqueduct.crdt.lib0.Json;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Long real editing traces (the benchmark traces, when present next to the repository) produce
 * exactly the same per-transaction updates and final state as Yjs. This checks the search marker
 * behaviour, which decides where insertions next to deleted content land, at scale.
 */
class TraceReplayCompatTest {

    static File traceDir() {
        String p = System.getProperty("crdt.traces", "../../shared/traces");
        return new File(p);
    }

    @SuppressWarnings("unchecked")
    @Test
    void traceReplaysAreByteIdenticalWithYjs() throws Exception {
        File dir = traceDir();
        Assumptions.assumeTrue(dir.isDirectory(), "trace directory not present: " + dir.getAbsolutePath());
        String names = System.getProperty("crdt.trace.names", "friendsforever_flat");
        for (String name : names.split(",")) {
            File f = new File(dir, name + ".json.gz");
            if (!f.isFile()) continue;
            Map<String, Object> expected = (Map<String, Object>) Json.parse(NodeRunner.run("trace-hash.mjs", null, f.getAbsolutePath()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = new GZIPInputStream(new FileInputStream(f))) {
                in.transferTo(out);
            }
            Map<String, Object> trace = (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8));
            YDoc doc = new YDoc(1);
            YText text = doc.getText("text");
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            int[] n = {0};
            doc.onUpdate((u, o) -> {
                md.update(u);
                n[0]++;
            });
            for (Map<String, Object> tx : (List<Map<String, Object>>) trace.get("txns")) {
                for (Object p : (List<Object>) tx.get("patches")) {
                    List<Object> pl = (List<Object>) p;
                    int pos = ((Number) pl.get(0)).intValue(), del = ((Number) pl.get(1)).intValue();
                    String ins = (String) pl.get(2);
                    if (del > 0) text.delete(pos, del);
                    if (!ins.isEmpty()) text.insert(pos, ins);
                }
            }
            assertEquals(trace.get("endContent"), text.toString(), name);
            assertEquals(((Number) expected.get("updates")).intValue(), n[0], name);
            assertEquals(expected.get("updatesSha256"), HexFormat.of().formatHex(md.digest()), name + ": per-transaction updates");
            assertEquals(expected.get("v1Sha256"), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(doc.encodeStateAsUpdate())), name);
            assertEquals(expected.get("v2Sha256"), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(doc.encodeStateAsUpdateV2())), name);
        }
    }
}
