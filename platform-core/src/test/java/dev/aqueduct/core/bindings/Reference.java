package dev.aqueduct.core.bindings;

import dev.aqueduct.crdt.NodeRunner;
import dev.aqueduct.crdt.lib0.Json;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reference side of the binding tests: the scripts in src/test/node, run with Yjs and y-prosemirror from npm. */
final class Reference {

    static final File DIR = new File("src/test/node");

    private Reference() {
    }

    /** Runs {@code node script mode field}, with {@code input} (JSON) on stdin, and parses its JSON output. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> run(String script, String mode, String field, Object input) {
        byte[] stdin = input == null ? new byte[0] : Json.stringify(input).getBytes(StandardCharsets.UTF_8);
        return (List<Map<String, Object>>) Json.parse(NodeRunner.run(DIR, script, stdin, mode, field));
    }

    static byte[] bytes(Object base64) {
        return Base64.getDecoder().decode((String) base64);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** One input of a {@code check} run. */
    static Map<String, Object> check(byte[] state, byte[] update, Object pm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", base64(state));
        m.put("update", base64(update));
        if (pm != null) {
            m.put("pm", pm);
        }
        return m;
    }

    static List<Map<String, Object>> list() {
        return new ArrayList<>();
    }
}
