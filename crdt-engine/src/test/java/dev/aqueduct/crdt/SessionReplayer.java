package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Replays, on Java documents, the operations of a session recorded from Yjs. */
final class SessionReplayer {
    private SessionReplayer() {}

    static AbstractType resolve(YDoc doc, List<?> path) {
        AbstractType t;
        switch ((String) path.get(0)) {
            case "text": t = doc.getText("text"); break;
            case "array": t = doc.getArray("array"); break;
            case "map": t = doc.getMap("map"); break;
            default: t = doc.getXmlFragment("xml");
        }
        for (int i = 1; i < path.size(); i++) {
            Object k = path.get(i);
            if (t instanceof YMap) t = (AbstractType) ((YMap) t).get((String) k);
            else if (t instanceof YArray) t = (AbstractType) ((YArray) t).get(((Number) k).intValue());
            else t = (AbstractType) ((YXmlFragment) t).get(((Number) k).intValue());
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    static Object decodeValue(Object v) {
        if (v instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) v;
            if (m.size() == 1 && m.containsKey("$bytes")) return Base64.getDecoder().decode((String) m.get("$bytes"));
            Map<String, Object> r = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : m.entrySet()) r.put(e.getKey(), decodeValue(e.getValue()));
            return r;
        }
        if (v instanceof List) {
            List<Object> r = new ArrayList<>();
            for (Object x : (List<Object>) v) r.add(decodeValue(x));
            return r;
        }
        return v;
    }

    static AbstractType mkType(String name) {
        switch (name) {
            case "Text": return new YText();
            case "Array": return new YArray();
            default: return new YMap();
        }
    }

    @SuppressWarnings("unchecked")
    static void run(YDoc doc, Map<String, Object> op) {
        AbstractType y = resolve(doc, (List<Object>) op.get("path"));
        List<Object> a = (List<Object>) decodeValue(op.get("args"));
        String name = (String) op.get("op");
        switch (name) {
            case "insert":
                if (y instanceof YText) {
                    ((YText) y).insert(i(a.get(0)), (String) a.get(1), (Map<String, Object>) a.get(2));
                } else {
                    ((YArray) y).insert(i(a.get(0)), (List<Object>) a.get(1));
                }
                break;
            case "delete":
                if (y instanceof YMap) ((YMap) y).delete((String) a.get(0));
                else if (y instanceof YText) ((YText) y).delete(i(a.get(0)), i(a.get(1)));
                else if (y instanceof YArray) ((YArray) y).delete(i(a.get(0)), i(a.get(1)));
                else ((YXmlFragment) y).delete(i(a.get(0)), i(a.get(1)));
                break;
            case "format": ((YText) y).format(i(a.get(0)), i(a.get(1)), (Map<String, Object>) a.get(2)); break;
            case "insertEmbed": ((YText) y).insertEmbed(i(a.get(0)), a.get(1), (Map<String, Object>) a.get(2)); break;
            case "push": ((YArray) y).push((List<Object>) a.get(0)); break;
            case "insertType": ((YArray) y).insert(i(a.get(0)), List.of(mkType((String) a.get(1)))); break;
            case "set": ((YMap) y).set((String) a.get(0), a.get(1)); break;
            case "setType": ((YMap) y).set((String) a.get(0), mkType((String) a.get(1))); break;
            case "insertElement": ((YXmlFragment) y).insert(i(a.get(0)), List.of(new YXmlElement((String) a.get(1)))); break;
            case "insertXmlText": ((YXmlFragment) y).insert(i(a.get(0)), List.of(new YXmlText())); break;
            case "setAttribute": ((YXmlElement) y).setAttribute((String) a.get(0), a.get(1)); break;
            case "removeAttribute": ((YXmlElement) y).removeAttribute((String) a.get(0)); break;
            default: throw new IllegalArgumentException(name);
        }
    }

    static int i(Object o) { return ((Number) o).intValue(); }

    static String b64(byte[] b) { return Base64.getEncoder().encodeToString(b); }

    static byte[] unb64(Object s) { return Base64.getDecoder().decode((String) s); }

    static Object parse(String json) { return Json.parse(json); }
}
