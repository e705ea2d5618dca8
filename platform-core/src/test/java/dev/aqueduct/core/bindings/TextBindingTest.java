package dev.aqueduct.core.bindings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aqueduct.crdt.lib0.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values come from Yjs at test time (src/test/node/text.mjs). */
class TextBindingTest {

    @Test
    void readsTheTextAsYjsHasIt() {
        for (String field : List.of("text", "body")) {
            TextBinding binding = new TextBinding(field);
            for (Map<String, Object> c : Reference.run("text.mjs", "cases", field, null)) {
                assertEquals(c.get("json"), binding.toJson(Reference.bytes(c.get("state"))), field + ": " + c.get("name"));
            }
        }
    }

    @Test
    void replacesTheTextForYjs() {
        TextBinding binding = new TextBinding("body");
        List<Map<String, Object>> cases = Reference.run("text.mjs", "cases", "body", null);
        List<String> texts = List.of("", "new text", "line one\nline two \ud83d\ude00", "bold and plain");
        List<Map<String, Object>> checks = Reference.list();
        for (Map<String, Object> c : cases) {
            for (String text : texts) {
                byte[] state = Reference.bytes(c.get("state"));
                checks.add(Reference.check(state, binding.updateFromJson(state, Json.stringify(Map.of("text", text))), null));
            }
        }
        List<Map<String, Object>> results = Reference.run("text.mjs", "check", "body", checks);
        for (int i = 0; i < results.size(); i++) {
            String text = texts.get(i % texts.size());
            assertEquals(text, results.get(i).get("text"), "check " + i);
            String delta = text.isEmpty() ? "[]" : Json.stringify(List.of(Map.of("insert", text)));
            assertEquals(delta, results.get(i).get("delta"), "check " + i + ": no formatting left");
        }
    }

    @Test
    void theSameTextIsNoChange() {
        TextBinding binding = new TextBinding("text");
        Map<String, Object> plain = Reference.run("text.mjs", "cases", "text", null).get(1);
        assertArrayEquals(YjsEdits.NO_CHANGE,
                binding.updateFromJson(Reference.bytes(plain.get("state")), (String) plain.get("json")));
    }

    @Test
    void refusesOtherJson() {
        TextBinding binding = new TextBinding("text");
        for (String bad : List.of("\"x\"", "{\"text\":1}", "{}", "nope")) {
            assertThrows(IllegalArgumentException.class, () -> binding.updateFromJson(null, bad), bad);
        }
    }
}
