package dev.aqueduct.core.bindings;

import dev.aqueduct.crdt.YXmlElement;
import dev.aqueduct.crdt.YXmlFragment;
import dev.aqueduct.crdt.YXmlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code Y.XmlFragment} as ProseMirror JSON, the way y-prosemirror's {@code yXmlFragmentToProsemirrorJSON}
 * does: elements become nodes (node name = type, element attributes = attrs), each formatted run of a text becomes a
 * text node whose marks are its formatting attributes (the attribute value is the mark's attrs, whatever it is).
 */
final class ProseMirrorReader {

    /** y-prosemirror stores marks that may overlap themselves as {@code name--hash}; the hash is not part of the name. */
    private static final Pattern HASHED_MARK = Pattern.compile("(.*)(--[a-zA-Z0-9+/=]{8})$");

    private ProseMirrorReader() {
    }

    static Map<String, Object> doc(YXmlFragment fragment) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "doc");
        List<Object> content = new ArrayList<>();
        for (Object child : fragment.toList()) {
            // like y-prosemirror, a text directly in the fragment stays an array of text nodes (not valid ProseMirror)
            if (child instanceof YXmlText t) {
                content.add(texts(t));
            } else if (child instanceof YXmlElement e) {
                content.add(element(e));
            }
        }
        doc.put("content", content);
        return doc;
    }

    private static Map<String, Object> element(YXmlElement e) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", e.nodeName());
        Map<String, Object> attrs = e.getAttributes();
        if (!attrs.isEmpty()) {
            node.put("attrs", attrs);
        }
        List<Object> children = e.toList();
        if (!children.isEmpty()) {
            List<Object> content = new ArrayList<>();
            for (Object child : children) {
                if (child instanceof YXmlText t) {
                    content.addAll(texts(t));
                } else if (child instanceof YXmlElement c) {
                    content.add(element(c));
                }
            }
            node.put("content", content);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> texts(YXmlText text) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> op : text.toDelta()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("type", "text");
            node.put("text", op.get("insert"));
            if (op.get("attributes") instanceof Map<?, ?> attributes) {
                List<Object> marks = new ArrayList<>();
                for (Map.Entry<String, Object> a : ((Map<String, Object>) attributes).entrySet()) {
                    Map<String, Object> mark = new LinkedHashMap<>();
                    mark.put("type", markName(a.getKey()));
                    mark.put("attrs", a.getValue());
                    marks.add(mark);
                }
                node.put("marks", marks);
            }
            out.add(node);
        }
        return out;
    }

    static String markName(String attribute) {
        Matcher m = HASHED_MARK.matcher(attribute);
        return m.matches() ? m.group(1) : attribute;
    }
}
