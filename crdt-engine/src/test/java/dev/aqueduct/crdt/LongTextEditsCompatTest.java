package dev.aqueduct.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.crdt.lib0.JsValues;
import dev.aqueduct.crdt.lib0.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One editor on a long text, recorded with the real Yjs at test time: Java must emit the same
 * update for every transaction, and a second document that applies these updates must end in the
 * state of Yjs' second document. Plain sessions keep the search markers in use all along (their
 * indexes must stay right however often they move, or positions come out wrong); rich sessions
 * also format. Each session is replayed twice: without observers (typing, local and remote, may
 * take the append shortcut) and with observers (every insertion integrates a new item).
 */
class LongTextEditsCompatTest {

    @SuppressWarnings("unchecked")
    @Test
    void longFormattedTextEditsAreByteIdenticalWithYjs() {
        int sessions = 0;
        for (int seed = 1; seed <= 4; seed++) {
            String kind = seed % 2 == 0 ? "rich" : "plain";
            Map<String, Object> rec = (Map<String, Object>) Json.parse(NodeRunner.run("gen-text-edits.mjs", null, "" + seed, "2500", kind));
            List<Object> expected = (List<Object>) rec.get("updates");
            for (boolean observed : new boolean[] {false, true}) {
                String where = kind + " seed " + seed + (observed ? " (observed)" : "");
                YDoc doc = new YDoc(7);
                YText text = doc.getText("text");
                YDoc remote = new YDoc(8);
                YText remoteText = remote.getText("text");
                int[] events = {0, 0};
                if (observed) {
                    text.observe(e -> events[0]++);
                    remoteText.observe(e -> events[1]++);
                }
                List<String> updates = new ArrayList<>();
                doc.onUpdate((u, o) -> {
                    updates.add(SessionReplayer.b64(u));
                    remote.applyUpdate(u);
                });
                int i = 0, changes = 0;
                for (Object o : (List<Object>) rec.get("ops")) {
                    apply(text, (List<Object>) o);
                    List<Object> want = (List<Object>) expected.get(i);
                    assertEquals(want, updates, where + ": updates of operation " + i + " " + o);
                    changes += want.size();
                    updates.clear();
                    i++;
                }
                assertTrue(JsValues.deepEquals(Json.parse((String) rec.get("delta")), Json.parse(text.toDeltaJson())), where + ": delta");
                assertEquals(rec.get("v1"), SessionReplayer.b64(doc.encodeStateAsUpdate()), where + ": state");
                assertEquals(rec.get("remoteV1"), SessionReplayer.b64(remote.encodeStateAsUpdate()), where + ": state of the second document");
                if (observed) {
                    assertEquals(changes, events[0], where + ": events");
                    assertEquals(changes, events[1], where + ": events of the second document");
                }
                sessions++;
            }
        }
        assertEquals(8, sessions);
    }

    @SuppressWarnings("unchecked")
    private static void apply(YText text, List<Object> op) {
        int at = ((Number) op.get(1)).intValue();
        switch ((String) op.get(0)) {
            case "insert":
                text.insert(at, (String) op.get(2), (Map<String, Object>) op.get(3));
                break;
            case "delete":
                text.delete(at, ((Number) op.get(2)).intValue());
                break;
            case "format":
                text.format(at, ((Number) op.get(2)).intValue(), (Map<String, Object>) op.get(3));
                break;
            default:
                text.insertEmbed(at, op.get(2));
        }
    }
}
