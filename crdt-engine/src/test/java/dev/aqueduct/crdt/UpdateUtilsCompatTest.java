package dev.aqueduct.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.crdt.lib0.JsValues;
import dev.aqueduct.crdt.lib0.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merge, diff, state vectors from updates, meta, V1/V2 conversion and snapshots agree with Yjs. */
class UpdateUtilsCompatTest {

    static String b64(byte[] b) { return SessionReplayer.b64(b); }

    @SuppressWarnings("unchecked")
    @Test
    void updateUtilitiesMatchYjs() {
        for (int s = 0; s < 12; s++) {
            JavaSessions js = new JavaSessions(500 + s, 3, false);
            js.run(40);
            // a state vector in the middle of the history, and a snapshot there
            YDoc mid = new YDoc(new YDoc.Options().gc(false));
            mid.getText("text");
            int half = js.allV1.size() / 2;
            for (int i = 0; i < half; i++) mid.applyUpdate(js.allV1.get(i));
            Snapshot midSnap = Snapshot.of(mid);
            js.run(40);
            List<byte[]> ups = js.allV1;
            Map<String, Object> in = new LinkedHashMap<>();
            List<String> us = new ArrayList<>();
            for (byte[] u : ups) us.add(b64(u));
            in.put("updates", us);
            in.put("sv", b64(mid.encodeStateVector()));
            in.put("snapshot", b64(midSnap.encode()));
            Map<String, Object> out = (Map<String, Object>) Json.parse(NodeRunner.run("update-utils.mjs", Json.stringify(in).getBytes(StandardCharsets.UTF_8)));
            String w = "session " + s;
            List<byte[]> v2 = new ArrayList<>();
            for (int i = 0; i < ups.size(); i++) {
                byte[] c = Updates.v1ToV2(ups.get(i));
                v2.add(c);
                assertEquals(((List<Object>) out.get("v2")).get(i), b64(c), w + " v1ToV2 " + i);
                assertEquals(((List<Object>) out.get("backToV1")).get(i), b64(Updates.v2ToV1(c)), w + " v2ToV1 " + i);
                assertEquals(((List<Object>) out.get("svPerUpdate")).get(i), b64(Updates.stateVectorFromUpdate(ups.get(i))), w);
                List<byte[]> sub = new ArrayList<>(ups.subList(0, i + 1));
                java.util.Collections.reverse(sub);
                assertEquals(((List<Object>) out.get("mergedSubsets")).get(i), b64(Updates.merge(sub)), w + " merge subset " + i);
                assertMeta(((List<Object>) out.get("metaPerUpdate")).get(i), Updates.parseUpdateMeta(ups.get(i)), w);
            }
            byte[] merged = Updates.merge(ups);
            assertEquals(out.get("merged"), b64(merged), w + " merge");
            byte[] mergedV2 = Updates.mergeV2(v2);
            assertEquals(out.get("mergedV2"), b64(mergedV2), w + " mergeV2");
            assertEquals(out.get("diff"), b64(Updates.diff(merged, mid.encodeStateVector())), w + " diff");
            assertEquals(out.get("diffV2"), b64(Updates.diffV2(mergedV2, mid.encodeStateVector())), w + " diffV2");
            assertEquals(out.get("svFromUpdate"), b64(Updates.stateVectorFromUpdate(merged)), w);
            assertEquals(out.get("svFromUpdateV2"), b64(Updates.stateVectorFromUpdateV2(mergedV2)), w);
            assertMeta(out.get("meta"), Updates.parseUpdateMeta(merged), w);

            YDoc full = new YDoc(new YDoc.Options().gc(false));
            full.getText("text");
            for (byte[] u : ups) full.applyUpdate(u);
            Snapshot snap = Snapshot.of(full);
            assertEquals(out.get("snapshot"), b64(snap.encode()), w + " snapshot");
            assertEquals(out.get("snapshotV2"), b64(snap.encodeV2()), w + " snapshotV2");
            assertEquals(snap, Snapshot.decode(snap.encode()));
            assertEquals(snap, Snapshot.decodeV2(snap.encodeV2()));
            assertEquals(midSnap, Snapshot.decode(SessionReplayer.unb64(in.get("snapshot"))));
            assertTrue(!snap.equals(midSnap) || half == ups.size());
            YDoc restored = new YDoc();
            restored.getText("text");
            restored.getArray("array");
            restored.getMap("map");
            restored.getXmlFragment("xml");
            Snapshot.decode(midSnap.encode()).toDoc(full, restored);
            assertTrue(JsValues.deepEquals(Json.parse((String) out.get("fromSnapshotJson")), Json.parse(restored.toJson())),
                w + " doc from snapshot\n yjs:  " + out.get("fromSnapshotJson") + "\n java: " + restored.toJson());
            assertEquals(out.get("fromSnapshotState"), b64(restored.encodeStateAsUpdate()), w + " doc from snapshot state");
            assertTrue(JsValues.deepEquals(Json.parse((String) out.get("deltaAtSnapshot")), Json.parse(deltaJson(full.getText("text").toDelta(midSnap, null)))), w + " delta at snapshot");
            assertTrue(JsValues.deepEquals(Json.parse((String) out.get("deltaDiff")), Json.parse(deltaJson(full.getText("text").toDelta(snap, midSnap)))),
                w + " delta between snapshots\n yjs:  " + out.get("deltaDiff") + "\n java: " + deltaJson(full.getText("text").toDelta(snap, midSnap)));
        }
    }

    static String deltaJson(List<Map<String, Object>> d) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < d.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : d.get(i).entrySet()) {
                if (!first) sb.append(',');
                first = false;
                Json.quote(sb, e.getKey());
                sb.append(':');
                AbstractType.valueJson(sb, e.getValue());
            }
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    @SuppressWarnings("unchecked")
    private static void assertMeta(Object expected, Updates.Meta m, String w) {
        Map<String, Object> e = (Map<String, Object>) expected;
        Map<String, Object> from = new LinkedHashMap<>(), to = new LinkedHashMap<>();
        m.from.forEach((k, v) -> from.put(k.toString(), v));
        m.to.forEach((k, v) -> to.put(k.toString(), v));
        assertTrue(JsValues.deepEquals(e.get("from"), from), w + " meta from");
        assertTrue(JsValues.deepEquals(e.get("to"), to), w + " meta to");
    }
}
