package dev.aqueduct.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.crdt.lib0.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two replicas typing one character per transaction, mostly right after their previous one, with
 * the other's edits arriving in between, recorded with the real Yjs at test time and replayed
 * without observers: the shortcuts for typing (appending to the last item, locally and when
 * applying an update) must give the same update bytes and states as Yjs, also when the other
 * replica inserted right at the typing position.
 */
class TypingRacesCompatTest {

    @SuppressWarnings("unchecked")
    @Test
    void typingWithConcurrentEditsIsByteIdenticalWithYjs() {
        int steps = 0;
        for (int seed = 1; seed <= 12; seed++) {
            Map<String, Object> rec = (Map<String, Object>) Json.parse(NodeRunner.run("gen-typing-races.mjs", null, "" + seed, "700"));
            YDoc[] docs = {new YDoc(new YDoc.Options().clientId(10).gc(true)), new YDoc(new YDoc.Options().clientId(11).gc(false))};
            List<List<String>> emitted = List.of(new ArrayList<>(), new ArrayList<>());
            for (int r = 0; r < 2; r++) {
                List<String> out = emitted.get(r);
                docs[r].onUpdate((u, o) -> out.add(SessionReplayer.b64(u)));
                docs[r].getText("text");
            }
            int e = 0;
            for (Object o : (List<Object>) rec.get("events")) {
                Map<String, Object> ev = (Map<String, Object>) o;
                int r = ((Number) ev.get("r")).intValue();
                YText text = docs[r].getText("text");
                emitted.get(r).clear();
                switch ((String) ev.get("op")) {
                    case "apply":
                        for (Object u : (List<Object>) ev.get("us")) docs[r].applyUpdate(SessionReplayer.unb64(u));
                        break;
                    case "insert": {
                        List<Object> a = (List<Object>) ev.get("args");
                        text.insert(((Number) a.get(0)).intValue(), (String) a.get(1));
                        break;
                    }
                    default: {
                        List<Object> a = (List<Object>) ev.get("args");
                        text.delete(((Number) a.get(0)).intValue(), ((Number) a.get(1)).intValue());
                    }
                }
                assertEquals(ev.get("emit"), emitted.get(r), "seed " + seed + " event " + e + " " + Json.stringify(ev));
                e++;
                steps++;
            }
            List<Map<String, Object>> states = (List<Map<String, Object>>) rec.get("states");
            for (int r = 0; r < 2; r++) {
                assertEquals(states.get(r).get("text"), docs[r].getText("text").toString(), "seed " + seed + " text of replica " + r);
                assertEquals(states.get(r).get("v1"), SessionReplayer.b64(docs[r].encodeStateAsUpdate()), "seed " + seed + " state of replica " + r);
            }
        }
        assertTrue(steps >= 12 * 700);
    }
}
