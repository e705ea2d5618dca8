package dev.aqueduct.crdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.crdt.lib0.Json;
import dev.aqueduct.crdt.lib0.JsValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random concurrent sessions in Java converge; Yjs agrees with what Java produced. */
class ConvergenceFuzzTest {

    @Test
    void thousandsOfRandomSessionsConverge() {
        int sessions = Integer.getInteger("crdt.fuzz.sessions", 2000);
        for (int s = 0; s < sessions; s++) {
            JavaSessions js = new JavaSessions(s, 2 + s % 3, s % 2 == 0);
            js.run(30);
            js.fullSync();
            String json0 = js.docs.get(0).toJson();
            for (YDoc d : js.docs) {
                assertTrue(JsValues.deepEquals(Json.parse(json0), Json.parse(d.toJson())), "session " + s + " did not converge:\n" + json0 + "\n" + d.toJson());
                assertArrayEquals(js.docs.get(0).encodeStateVector(), d.encodeStateVector(), "session " + s);
                assertFalse(d.hasPending(), "session " + s + " has pending structs");
            }
            // a fresh document built from the merged per-transaction updates reaches the same state
            YDoc fresh = new YDoc(new YDoc.Options().gc(s % 2 == 0));
            fresh.getText("text");
            fresh.getArray("array");
            fresh.getMap("map");
            fresh.getXmlFragment("xml");
            fresh.applyUpdate(Updates.merge(js.allV1));
            assertTrue(JsValues.deepEquals(Json.parse(json0), Json.parse(fresh.toJson())), "merged updates, session " + s);
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void javaUpdatesAppliedInYjsGiveTheSameState() {
        List<JavaSessions> all = new ArrayList<>();
        List<Object> input = new ArrayList<>();
        Random rnd = new Random(42);
        for (int s = 0; s < 60; s++) {
            boolean gc = s % 2 == 0;
            JavaSessions js = new JavaSessions(10_000 + s, 3, gc);
            js.run(50);
            js.fullSync();
            all.add(js);
            // 1) every per-transaction update, shuffled (Yjs must handle the out-of-order delivery)
            List<byte[]> shuffled = new ArrayList<>(js.allV1);
            Collections.shuffle(shuffled, rnd);
            input.add(entry(shuffled, false, gc));
            List<byte[]> shuffled2 = new ArrayList<>(js.allV2);
            Collections.shuffle(shuffled2, rnd);
            input.add(entry(shuffled2, true, gc));
            // 2) the full state as one update, V1 and V2
            input.add(entry(List.of(js.docs.get(0).encodeStateAsUpdate()), false, gc));
            input.add(entry(List.of(js.docs.get(0).encodeStateAsUpdateV2()), true, gc));
        }
        List<Map<String, Object>> out = (List<Map<String, Object>>) Json.parse(
            NodeRunner.run("apply-updates.mjs", Json.stringify(input).getBytes(StandardCharsets.UTF_8)));
        for (int s = 0; s < all.size(); s++) {
            YDoc d = all.get(s).docs.get(0);
            for (int k = 0; k < 4; k++) {
                Map<String, Object> o = out.get(s * 4 + k);
                String where = "session " + s + " variant " + k;
                assertTrue(JsValues.deepEquals(Json.parse(d.toJson()), Json.parse((String) o.get("json"))),
                    where + "\n java: " + d.toJson() + "\n yjs:  " + o.get("json"));
                assertEquals(SessionReplayer.b64(d.encodeStateVector()), o.get("sv"), where);
                assertEquals(Boolean.FALSE, o.get("pending"), where);
                // the same update bytes loaded into a fresh Java document encode exactly as in Yjs
                Map<String, Object> in = (Map<String, Object>) input.get(s * 4 + k);
                YDoc fresh = new YDoc(new YDoc.Options().gc((Boolean) in.get("gc")));
                fresh.getText("text");
                fresh.getArray("array");
                fresh.getMap("map");
                fresh.getXmlFragment("xml");
                for (Object u : (List<Object>) in.get("updates")) {
                    byte[] b = SessionReplayer.unb64(u);
                    if ((Boolean) in.get("v2")) fresh.applyUpdateV2(b);
                    else fresh.applyUpdate(b);
                }
                assertEquals(o.get("v1"), SessionReplayer.b64(fresh.encodeStateAsUpdate()), where);
                assertEquals(o.get("v2"), SessionReplayer.b64(fresh.encodeStateAsUpdateV2()), where);
            }
        }
    }

    private static Map<String, Object> entry(List<byte[]> updates, boolean v2, boolean gc) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> us = new ArrayList<>();
        for (byte[] u : updates) us.add(SessionReplayer.b64(u));
        m.put("updates", us);
        m.put("v2", v2);
        m.put("gc", gc);
        m.put("types", List.of("text:text", "array:array", "map:map", "xml:xml"));
        return m;
    }
}
