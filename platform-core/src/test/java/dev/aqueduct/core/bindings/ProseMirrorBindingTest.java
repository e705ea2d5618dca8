package dev.aqueduct.core.bindings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.crdt.YDoc;
import dev.aqueduct.crdt.lib0.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values come from y-prosemirror at test time (src/test/node/prosemirror.mjs). */
class ProseMirrorBindingTest {

    @Test
    void readsWhatYProsemirrorReads() {
        for (String field : List.of("default", "body")) {
            ProseMirrorBinding binding = new ProseMirrorBinding(field);
            for (Map<String, Object> c : Reference.run("prosemirror.mjs", "cases", field, null)) {
                assertEquals(c.get("yjson"), binding.toJson(Reference.bytes(c.get("state"))), field + ": " + c.get("name"));
            }
        }
    }

    @Test
    void writesWhatYProsemirrorWritesAndReadsBack() {
        ProseMirrorBinding binding = new ProseMirrorBinding("default");
        List<Map<String, Object>> cases = Reference.run("prosemirror.mjs", "cases", "default", null);
        List<Map<String, Object>> pmCases = cases.stream().filter(c -> c.get("pm") != null).toList();
        List<Map<String, Object>> checks = Reference.list();
        // each document replaces the content of every other case's document, y-prosemirror-made or not
        for (Map<String, Object> target : pmCases) {
            for (Map<String, Object> start : cases) {
                byte[] state = Reference.bytes(start.get("state"));
                checks.add(Reference.check(state, binding.updateFromJson(state, Json.stringify(target.get("pm"))),
                        target.get("pm")));
            }
        }
        List<Map<String, Object>> results = Reference.run("prosemirror.mjs", "check", "default", checks);
        assertEquals(checks.size(), results.size());
        for (int i = 0; i < results.size(); i++) {
            Map<String, Object> r = results.get(i);
            String what = "check " + i;
            assertEquals(r.get("refYjson"), r.get("yjson"), what + ": the same Y structure as y-prosemirror's");
            assertEquals(r.get("expectedPm"), r.get("pm"), what + ": y-prosemirror reads the document back");
            List<?> refNames = (List<?>) r.get("refMarkAttributes");
            for (Object name : (List<?>) r.get("markAttributes")) {
                if (((String) name).contains("--")) {
                    assertTrue(refNames.contains(name), what + ": y-prosemirror's hashed name " + name);
                }
            }
        }
    }

    @Test
    void theSameContentIsNoChange() {
        ProseMirrorBinding binding = new ProseMirrorBinding("default");
        for (Map<String, Object> c : Reference.run("prosemirror.mjs", "cases", "default", null)) {
            if (c.get("pm") != null) {
                byte[] state = Reference.bytes(c.get("state"));
                assertArrayEquals(YjsEdits.NO_CHANGE, binding.updateFromJson(state, Json.stringify(c.get("pm"))),
                        (String) c.get("name"));
            }
        }
    }

    @Test
    void otherRootTypesStayAsTheyAre() {
        YDoc doc = new YDoc();
        doc.getText("title").insert(0, "kept");
        doc.getXmlFragment("default");
        byte[] update = new ProseMirrorBinding("default").updateFromJson(doc.encodeStateAsUpdate(),
                "{\"type\":\"doc\",\"content\":[{\"type\":\"paragraph\"}]}");
        doc.applyUpdate(update);
        assertEquals("kept", doc.getText("title").toString());
    }

    @Test
    void refusesWhatIsNotAProseMirrorDocument() {
        ProseMirrorBinding binding = new ProseMirrorBinding("default");
        byte[] empty = new YDoc().encodeStateAsUpdate();
        for (String bad : List.of("[]", "{\"content\":[]}", "{\"type\":\"doc\",\"content\":{}}",
                "{\"type\":\"doc\",\"content\":[{\"type\":\"text\"}]}", "{\"type\":\"doc\",\"content\":[1]}",
                "{\"type\":\"doc\",\"content\":[{\"type\":\"p\",\"attrs\":[]}]}", "not json")) {
            assertThrows(IllegalArgumentException.class, () -> binding.updateFromJson(empty, bad), bad);
        }
    }

    @Test
    void plainTextJoinsBlocksWithNewLines() {
        ProseMirrorBinding binding = new ProseMirrorBinding("default");
        byte[] state = binding.updateFromJson(null, "{\"type\":\"doc\",\"content\":[{\"type\":\"paragraph\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\",\"marks\":[{\"type\":\"em\"}]}]},"
                + "{\"type\":\"bullet_list\",\"content\":[{\"type\":\"list_item\",\"content\":[{\"type\":\"paragraph\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"c\"}]}]}]}]}");
        assertTrue(binding.plainText(state).equals("ab\nc"), binding.plainText(state));
    }
}
