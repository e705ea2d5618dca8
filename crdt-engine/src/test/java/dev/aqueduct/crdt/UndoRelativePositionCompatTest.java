package dev.aqueduct.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.crdt.lib0.JsValues;
import dev.aqueduct.crdt.lib0.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Undo/redo and relative positions replayed against sessions recorded from Yjs. */
class UndoRelativePositionCompatTest {

    @SuppressWarnings("unchecked")
    @Test
    void undoRedoAndRelativePositionsMatchYjs() {
        List<Map<String, Object>> sessions = (List<Map<String, Object>>) Json.parse(NodeRunner.run("gen-undo.mjs", null, "77", "60", "80"));
        for (Map<String, Object> s : sessions) {
            Map<String, Object> ai = (Map<String, Object>) s.get("a");
            YDoc a = new YDoc(new YDoc.Options().clientId(((Number) ai.get("clientId")).longValue()).gc((Boolean) ai.get("gc")));
            YText text = a.getText("text");
            YArray arr = a.getArray("array");
            YMap map = a.getMap("map");
            UndoManager.Options o = new UndoManager.Options();
            o.captureTimeoutMs = 0;
            UndoManager um = new UndoManager(List.of(text, arr, map), o);
            List<String> emitted = new ArrayList<>();
            a.onUpdate((u, or) -> emitted.add(SessionReplayer.b64(u)));
            List<RelativePosition> rps = new ArrayList<>();
            List<Map<String, Object>> events = (List<Map<String, Object>>) s.get("events");
            for (int e = 0; e < events.size(); e++) {
                Map<String, Object> ev = events.get(e);
                String where = "seed " + s.get("seed") + " event " + e + " " + ev.get("op") + " " + Json.stringify(ev.get("o"));
                emitted.clear();
                switch ((String) ev.get("op")) {
                    case "local": {
                        List<Object> op = (List<Object>) ev.get("o");
                        List<Object> args = (List<Object>) op.get(2);
                        String tn = (String) op.get(0), name = (String) op.get(1);
                        int i0 = args.get(0) instanceof Number ? ((Number) args.get(0)).intValue() : 0;
                        if (tn.equals("text")) {
                            if (name.equals("insert")) text.insert(i0, (String) args.get(1), (Map<String, Object>) args.get(2));
                            else if (name.equals("delete")) text.delete(i0, ((Number) args.get(1)).intValue());
                            else text.format(i0, ((Number) args.get(1)).intValue(), (Map<String, Object>) args.get(2));
                        } else if (tn.equals("array")) {
                            if (name.equals("insert")) arr.insert(i0, (List<Object>) args.get(1));
                            else arr.delete(i0, ((Number) args.get(1)).intValue());
                        } else {
                            map.set((String) args.get(0), args.get(1));
                        }
                        break;
                    }
                    case "remote":
                        for (Object u : (List<Object>) ev.get("u")) a.applyUpdate(SessionReplayer.unb64(u));
                        break;
                    case "undo":
                        um.undo();
                        break;
                    case "redo":
                        um.redo();
                        break;
                    default: {
                        RelativePosition rp = RelativePosition.fromTypeIndex(text, ((Number) ev.get("idx")).intValue(), ((Number) ev.get("assoc")).intValue());
                        assertEquals(ev.get("enc"), SessionReplayer.b64(rp.encode()), where);
                        assertEquals(SessionReplayer.b64(rp.encode()), SessionReplayer.b64(RelativePosition.decode(rp.encode()).encode()));
                        rps.add(rp);
                    }
                }
                assertEquals(ev.get("emit"), emitted, "updates differ at " + where);
                assertTrue(JsValues.deepEquals(Json.parse((String) ev.get("json")), Json.parse(a.toJson())),
                    "JSON differs at " + where + "\n yjs:  " + ev.get("json") + "\n java: " + a.toJson());
                assertEquals(((Number) ev.get("canUndo")).intValue(), um.undoStackSize(), where);
                assertEquals(((Number) ev.get("canRedo")).intValue(), um.redoStackSize(), where);
            }
            List<Object> abs = (List<Object>) s.get("abs");
            for (int i = 0; i < rps.size(); i++) {
                RelativePosition.Absolute p = rps.get(i).toAbsolute(a);
                assertEquals(abs.get(i) == null ? null : ((Number) abs.get(i)).intValue(), p == null ? null : p.index, "seed " + s.get("seed") + " relpos " + i);
            }
            assertEquals(s.get("state"), SessionReplayer.b64(a.encodeStateAsUpdate()));
        }
    }
}
