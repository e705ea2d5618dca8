package dev.aqueduct.core.bindings;

import dev.aqueduct.crdt.YText;
import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Json;
import java.util.List;
import java.util.Map;

/**
 * Plain text in one root {@code Y.Text}: JSON {@code {"text": "..."}}. Formatting and embeds are not part of the
 * JSON; replacing the content drops them.
 */
public final class TextBinding implements FieldBinding {

    public static final String FORMAT = "text";

    private final String field;

    public TextBinding(String field) {
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
        StringBuilder sb = new StringBuilder("{\"text\":");
        Json.quote(sb, plainText(yjsState));
        return sb.append('}').toString();
    }

    @Override
    public String plainText(byte[] yjsState) {
        return YjsEdits.load(yjsState).getText(field).toString();
    }

    @Override
    public byte[] updateFromJson(byte[] currentState, String json) {
        String text = parse(json);
        return YjsEdits.record(currentState, doc -> {
            YText t = doc.getText(field);
            if (isPlain(t, text)) {
                return;
            }
            t.delete(0, t.length());
            t.insert(0, text, Map.of());
        });
    }

    /** Whether the Y.Text holds exactly {@code text}, without formatting or embeds. */
    private static boolean isPlain(YText t, String text) {
        List<Map<String, Object>> delta = t.toDelta();
        if (delta.isEmpty()) {
            return text.isEmpty();
        }
        return delta.size() == 1 && text.equals(delta.get(0).get("insert")) && delta.get(0).get("attributes") == null;
    }

    private static String parse(String json) {
        Object v;
        try {
            v = Json.parse(json);
        } catch (DecodingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        if (v instanceof Map<?, ?> m && m.get("text") instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("expected {\"text\": string}");
    }
}
