package dev.aqueduct.core.bindings;

import dev.aqueduct.crdt.YDoc;
import dev.aqueduct.crdt.YXmlElement;
import dev.aqueduct.crdt.YXmlFragment;
import dev.aqueduct.crdt.YXmlText;
import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Json;
import java.util.List;

/**
 * ProseMirror (Tiptap) documents in one root {@code Y.XmlFragment}, as y-prosemirror and Tiptap's y-tiptap keep
 * them; Tiptap's Collaboration extension uses the field {@code default}.
 */
public final class ProseMirrorBinding implements FieldBinding {

    public static final String FORMAT = "prosemirror";

    private final String field;

    public ProseMirrorBinding(String field) {
        this.field = field;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String field() {
        return field;
    }

    @Override
    public String toJson(byte[] yjsState) {
        return Json.stringify(ProseMirrorReader.doc(YjsEdits.load(yjsState).getXmlFragment(field)));
    }

    @Override
    public byte[] updateFromJson(byte[] currentState, String json) {
        List<Object> nodes;
        try {
            nodes = ProseMirrorWriter.topLevel(Json.parse(json));
        } catch (DecodingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        YDoc wanted = new YDoc();
        wanted.transact(tr -> ProseMirrorWriter.replace(wanted.getXmlFragment(field), nodes));
        if (toJson(currentState).equals(Json.stringify(ProseMirrorReader.doc(wanted.getXmlFragment(field))))) {
            return YjsEdits.NO_CHANGE;
        }
        return YjsEdits.record(currentState, doc -> ProseMirrorWriter.replace(doc.getXmlFragment(field), nodes));
    }

    /** The texts of the fragment; the children of an element that holds only elements (blocks) are joined by new lines. */
    @Override
    public String plainText(byte[] yjsState) {
        StringBuilder sb = new StringBuilder();
        appendText(sb, YjsEdits.load(yjsState).getXmlFragment(field));
        return sb.toString();
    }

    private static void appendText(StringBuilder sb, YXmlFragment parent) {
        List<Object> children = parent.toList();
        boolean blocks = children.stream().allMatch(c -> c instanceof YXmlElement);
        for (int i = 0; i < children.size(); i++) {
            if (blocks && i > 0) {
                sb.append('\n');
            }
            Object c = children.get(i);
            if (c instanceof YXmlText t) {
                sb.append(plain(t));
            } else if (c instanceof YXmlElement e) {
                appendText(sb, e);
            }
        }
    }

    /** A text's characters without the XML tags {@code toString()} adds for formatting. */
    private static String plain(YXmlText t) {
        StringBuilder sb = new StringBuilder();
        t.toDelta().forEach(op -> {
            if (op.get("insert") instanceof String s) {
                sb.append(s);
            }
        });
        return sb.toString();
    }
}
