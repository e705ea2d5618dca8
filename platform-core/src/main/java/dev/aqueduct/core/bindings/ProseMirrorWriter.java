package dev.aqueduct.core.bindings;

import dev.aqueduct.crdt.YXmlElement;
import dev.aqueduct.crdt.YXmlFragment;
import dev.aqueduct.crdt.YXmlText;
import dev.aqueduct.crdt.lib0.AnyCodec;
import dev.aqueduct.crdt.lib0.Lib0Writer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes ProseMirror JSON into a {@code Y.XmlFragment} with the structure y-prosemirror gives it: a node becomes an
 * element named after its type with its non-null attrs as attributes; consecutive text nodes become one text whose
 * runs carry the marks as formatting attributes (mark type = attribute name, its attrs, or {@code {}}, = value).
 * There is no schema here, so defaults of attrs are not filled in: the editor applies them when it reads the node.
 */
final class ProseMirrorWriter {

    private ProseMirrorWriter() {
    }

    /** Checks the shape of a ProseMirror document and returns its top-level nodes. */
    static List<Object> topLevel(Object json) {
        Map<String, Object> doc = node(json, "the document");
        return content(doc, "the document");
    }

    /** Replaces the fragment's content with the given top-level nodes. */
    static void replace(YXmlFragment fragment, List<Object> nodes) {
        fragment.delete(0, fragment.length());
        insert(fragment, nodes);
    }

    private static void insert(YXmlFragment parent, List<Object> nodes) {
        int index = 0;
        for (int i = 0; i < nodes.size(); ) {
            Map<String, Object> n = node(nodes.get(i), "a node");
            if ("text".equals(n.get("type"))) {
                List<Map<String, Object>> delta = new ArrayList<>();
                for (; i < nodes.size() && "text".equals(node(nodes.get(i), "a node").get("type")); i++) {
                    addRun(delta, node(nodes.get(i), "a node"));
                }
                if (!delta.isEmpty()) {
                    YXmlText text = new YXmlText();
                    parent.insert(index++, List.of(text));
                    text.applyDelta(delta);
                }
                continue;
            }
            YXmlElement element = new YXmlElement((String) n.get("type"));
            parent.insert(index++, List.of(element));
            if (n.get("attrs") != null) {
                for (Map.Entry<String, Object> a : map(n.get("attrs"), "attrs").entrySet()) {
                    if (a.getValue() != null && !"ychange".equals(a.getKey())) {
                        element.setAttribute(a.getKey(), a.getValue());
                    }
                }
            }
            insert(element, content(n, "node " + n.get("type")));
            i++;
        }
    }

    private static void addRun(List<Map<String, Object>> delta, Map<String, Object> textNode) {
        if (!(textNode.get("text") instanceof String s)) {
            throw new IllegalArgumentException("a text node needs a string 'text'");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<Map<String, Object>> marks = new ArrayList<>();
        Map<String, Integer> perType = new HashMap<>();
        if (textNode.get("marks") != null) {
            if (!(textNode.get("marks") instanceof List<?> list)) {
                throw new IllegalArgumentException("'marks' must be an array");
            }
            for (Object m : list) {
                Map<String, Object> mark = node(m, "a mark");
                marks.add(mark);
                perType.merge((String) mark.get("type"), 1, Integer::sum);
            }
        }
        for (Map<String, Object> mark : marks) {
            String type = (String) mark.get("type");
            Object attrs = mark.get("attrs") == null ? new LinkedHashMap<>() : mark.get("attrs");
            // a mark type present more than once on a text can only be stored under hashed names, as y-prosemirror does
            attributes.put(perType.get(type) > 1 ? type + "--" + hash(mark) : type, attrs);
        }
        if (s.isEmpty()) {
            return;
        }
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("insert", s);
        op.put("attributes", attributes);
        delta.add(op);
    }

    /** y-prosemirror's hash of a mark's JSON: SHA-256 of its lib0 encoding, folded to 6 bytes, in base64. */
    private static String hash(Map<String, Object> mark) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", mark.get("type"));
        if (mark.get("attrs") instanceof Map<?, ?> attrs && !attrs.isEmpty()) {
            json.put("attrs", attrs);
        }
        Lib0Writer w = new Lib0Writer();
        AnyCodec.write(w, json);
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(w.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 6; i < digest.length; i++) {
            digest[i % 6] ^= digest[i];
        }
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(digest, 6));
    }

    private static Map<String, Object> node(Object json, String what) {
        Map<String, Object> m = map(json, what);
        if (!(m.get("type") instanceof String type) || type.isEmpty()) {
            throw new IllegalArgumentException(what + " needs a string 'type'");
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json, String what) {
        if (!(json instanceof Map)) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> content(Map<String, Object> node, String what) {
        Object c = node.get("content");
        if (c == null) {
            return List.of();
        }
        if (!(c instanceof List)) {
            throw new IllegalArgumentException("'content' of " + what + " must be an array");
        }
        return (List<Object>) c;
    }
}
