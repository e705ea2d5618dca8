package dev.aqueduct.crdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.crdt.lib0.JsValues;
import dev.aqueduct.crdt.lib0.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Behaviours covered by Yjs' own test suite, written as JUnit tests. */
class YjsBehaviourTest {

    static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static void sync(YDoc... docs) {
        for (YDoc a : docs) for (YDoc b : docs) if (a != b) b.applyUpdate(a.encodeStateAsUpdate(b.encodeStateVector()));
    }

    static void assertJson(String expected, String actual) {
        assertTrue(JsValues.deepEquals(Json.parse(expected), Json.parse(actual)), "expected " + expected + " but was " + actual);
    }

    // ---- text ----

    @Test
    void textBasicInsertDeleteCountsUtf16() {
        YDoc d = new YDoc(1);
        YText t = d.getText("text");
        t.insert(0, "abc");
        t.insert(1, "😀");
        assertEquals(5, t.length());
        t.delete(0, 1);
        assertEquals("😀bc", t.toString());
        assertEquals("\"😀bc\"", t.toJson());
        // like Yjs, an index past the end appends
        t.insert(100, "x");
        assertEquals("😀bcx", t.toString());
    }

    @Test
    void textFormattingAndDelta() {
        YDoc d = new YDoc(1);
        YText t = d.getText("text");
        t.insert(0, "abc");
        t.format(1, 1, attrs("bold", true));
        assertJson("[{\"insert\":\"a\"},{\"insert\":\"b\",\"attributes\":{\"bold\":true}},{\"insert\":\"c\"}]", t.toDeltaJson());
        t.insert(3, "d", attrs("italic", true));
        t.insertEmbed(4, attrs("image", "x.png"), attrs("bold", true));
        assertJson("[{\"insert\":\"a\"},{\"insert\":\"b\",\"attributes\":{\"bold\":true}},{\"insert\":\"c\"},{\"insert\":\"d\",\"attributes\":{\"italic\":true}},"
            + "{\"insert\":{\"image\":\"x.png\"},\"attributes\":{\"bold\":true}}]", t.toDeltaJson());
        // inserting without attributes inherits the formatting on the left
        t.insert(2, "B");
        assertJson("{\"insert\":\"bB\",\"attributes\":{\"bold\":true}}", Json.stringify(t.toDelta().get(1)));
        // removing an attribute with null
        t.format(0, 6, attrs("bold", null, "italic", null));
        assertEquals("abBcd", t.toString());
        assertEquals(2, t.toDelta().size());
    }

    @Test
    void textApplyDeltaAndEvents() {
        YDoc d = new YDoc(1);
        YText t = d.getText("text");
        List<String> deltas = new ArrayList<>();
        t.observe(ev -> deltas.add(Json.stringify(ev.delta())));
        List<Map<String, Object>> delta = new ArrayList<>();
        delta.add(attrs("insert", "Hello"));
        delta.add(attrs("insert", " world", "attributes", attrs("bold", true)));
        t.applyDelta(delta);
        assertJson("[{\"insert\":\"Hello\"},{\"insert\":\" world\",\"attributes\":{\"bold\":true}}]", t.toDeltaJson());
        assertJson("[{\"insert\":\"Hello\"},{\"insert\":\" world\",\"attributes\":{\"bold\":true}}]", deltas.get(0));
        t.applyDelta(List.of(attrs("retain", 1), attrs("delete", 2), attrs("retain", 2, "attributes", attrs("italic", true))));
        assertEquals("Hlo world", t.toString());
        assertJson("[{\"retain\":1},{\"delete\":2},{\"retain\":2,\"attributes\":{\"italic\":true}}]", deltas.get(1));
    }

    @Test
    void concurrentTextInsertsAreOrderedByClientId() {
        YDoc a = new YDoc(1), b = new YDoc(2);
        a.getText("t").insert(0, "a");
        b.getText("t").insert(0, "b");
        sync(a, b);
        assertEquals("ab", a.getText("t").toString());
        assertEquals(a.getText("t").toString(), b.getText("t").toString());
        a.getText("t").insert(1, "x");
        b.getText("t").insert(1, "y");
        sync(a, b);
        assertEquals(a.getText("t").toString(), b.getText("t").toString());
    }

    // ---- map ----

    @Test
    void mapSetGetDeleteAndConflicts() {
        YDoc a = new YDoc(1), b = new YDoc(2);
        YMap m = a.getMap("m");
        m.set("n", 1);
        m.set("f", 2.5);
        m.set("s", "str");
        m.set("o", attrs("k", List.of(1, 2)));
        m.set("nul", null);
        assertEquals(1, m.get("n"));
        assertTrue(m.has("nul"));
        assertJson("{\"n\":1,\"f\":2.5,\"s\":\"str\",\"o\":{\"k\":[1,2]},\"nul\":null}", m.toJson());
        m.delete("s");
        assertFalse(m.has("s"));
        assertEquals(List.of("n", "f", "o", "nul"), m.keys());
        // concurrent writes: the higher client id wins
        a.getMap("c").set("k", "from1");
        b.getMap("c").set("k", "from2");
        sync(a, b);
        assertEquals("from2", a.getMap("c").get("k"));
        assertEquals("from2", b.getMap("c").get("k"));
    }

    @Test
    void mapObserveKeys() {
        YDoc d = new YDoc(1);
        YMap m = d.getMap("m");
        List<Map<String, YEvent.KeyChange>> seen = new ArrayList<>();
        m.observe(ev -> seen.add(ev.keys()));
        m.set("a", 1);
        m.set("a", 2);
        m.delete("a");
        assertEquals("add", seen.get(0).get("a").action);
        assertEquals("update", seen.get(1).get("a").action);
        assertEquals(1, seen.get(1).get("a").oldValue);
        assertEquals("delete", seen.get(2).get("a").action);
        assertEquals(2, seen.get(2).get("a").oldValue);
    }

    @Test
    void nestedTypesAndDeepObservers() {
        YDoc d = new YDoc(1);
        YMap root = d.getMap("root");
        YArray arr = new YArray();
        root.set("list", arr);
        YText txt = new YText();
        arr.insert(0, List.of(txt));
        List<List<Object>> paths = new ArrayList<>();
        root.observeDeep((evs, tr) -> evs.forEach(e -> paths.add(e.path())));
        txt.insert(0, "deep");
        assertEquals(List.of(List.of("list", 0)), paths);
        assertJson("{\"root\":{\"list\":[\"deep\"]}}", d.toJson());
        YDoc c = new YDoc(2);
        c.applyUpdate(d.encodeStateAsUpdate());
        assertJson(d.getMap("root").toJson(), c.getMap("root").toJson());
    }

    // ---- array ----

    @Test
    void arrayOperationsAndDelta() {
        YDoc d = new YDoc(1);
        YArray a = d.getArray("a");
        List<String> deltas = new ArrayList<>();
        a.observe(ev -> deltas.add(Json.stringify(ev.delta())));
        a.insert(0, List.of(1, 2, 3));
        a.push(List.of("x"));
        a.delete(1, 2);
        a.insert(1, List.of(new byte[] {1, 2}));
        assertEquals(1, a.get(0));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) a.get(1));
        assertEquals("x", a.get(2));
        assertEquals(3, a.length());
        assertJson("[{\"insert\":[1,2,3]}]", deltas.get(0));
        assertJson("[{\"retain\":3},{\"insert\":[\"x\"]}]", deltas.get(1));
        assertJson("[{\"retain\":1},{\"delete\":2}]", deltas.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.delete(2, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> a.insert(9, List.of(1)));
    }

    @Test
    void concurrentArrayEditsConverge() {
        YDoc a = new YDoc(1), b = new YDoc(2), c = new YDoc(3);
        a.getArray("a").insert(0, List.of("a1", "a2"));
        b.getArray("a").insert(0, List.of("b1"));
        c.getArray("a").insert(0, List.of("c1"));
        sync(a, b, c);
        a.getArray("a").delete(0, 2);
        b.getArray("a").insert(2, List.of("b2"));
        sync(a, b, c);
        assertEquals(a.getArray("a").toJson(), b.getArray("a").toJson());
        assertEquals(a.getArray("a").toJson(), c.getArray("a").toJson());
    }

    // ---- xml ----

    @Test
    void xmlToStringLikeYjs() {
        YDoc d = new YDoc(1);
        YXmlFragment f = d.getXmlFragment("xml");
        YXmlElement p = new YXmlElement("P");
        f.insert(0, List.of(p));
        p.setAttribute("class", "x");
        p.setAttribute("align", "left");
        YXmlText t = new YXmlText();
        p.insert(0, List.of(t));
        t.insert(0, "hello ");
        t.insert(6, "world", attrs("bold", attrs()));
        assertEquals("<p align=\"left\" class=\"x\">hello <bold>world</bold></p>", f.toString());
        assertEquals("\"<p align=\\\"left\\\" class=\\\"x\\\">hello <bold>world</bold></p>\"", f.toJson());
        assertEquals("x", p.getAttribute("class"));
        p.removeAttribute("class");
        assertFalse(p.hasAttribute("class"));
        YDoc e = new YDoc(2);
        e.applyUpdateV2(d.encodeStateAsUpdateV2());
        assertEquals(f.toString(), e.getXmlFragment("xml").toString());
    }

    // ---- documents, encoding, gc ----

    @Test
    void gcReplacesDeletedContent() {
        YDoc on = new YDoc(new YDoc.Options().clientId(1));
        YDoc off = new YDoc(new YDoc.Options().clientId(1).gc(false));
        for (YDoc d : new YDoc[] {on, off}) {
            d.getText("t").insert(0, "a long text that will be deleted");
            d.getText("t").delete(0, 20);
        }
        assertEquals(on.getText("t").toString(), off.getText("t").toString());
        assertTrue(on.encodeStateAsUpdate().length < off.encodeStateAsUpdate().length);
        assertArrayEquals(on.encodeStateVector(), off.encodeStateVector());
    }

    @Test
    void stateVectorDiffsAreMinimal() {
        YDoc a = new YDoc(1), b = new YDoc(2);
        a.getText("t").insert(0, "abc");
        sync(a, b);
        a.getText("t").insert(3, "def");
        byte[] diff = a.encodeStateAsUpdate(b.encodeStateVector());
        assertTrue(diff.length < a.encodeStateAsUpdate().length);
        b.applyUpdate(diff);
        assertEquals("abcdef", b.getText("t").toString());
        assertArrayEquals(Updates.stateVectorFromUpdate(a.encodeStateAsUpdate()), a.encodeStateVector());
        assertArrayEquals(a.encodeStateAsUpdate(), Updates.v2ToV1(a.encodeStateAsUpdateV2()));
    }

    @Test
    void transactionsOriginsAndUpdateEvents() {
        YDoc d = new YDoc(1);
        List<Object> origins = new ArrayList<>();
        List<byte[]> updates = new ArrayList<>();
        d.onUpdate((u, o) -> {
            origins.add(o);
            updates.add(u);
        });
        d.transact("me", tr -> {
            d.getText("t").insert(0, "a");
            d.getMap("m").set("k", 1);
        });
        d.transact(tr -> { });
        assertEquals(List.of("me"), origins);
        YDoc e = new YDoc(2);
        e.applyUpdate(updates.get(0), "remote");
        assertEquals("a", e.getText("t").toString());
        assertEquals(1, e.getMap("m").get("k"));
    }

    @Test
    void clientIdChangesWhenAnotherClientUsesIt() {
        YDoc a = new YDoc(5), b = new YDoc(5);
        a.getText("t").insert(0, "a");
        b.applyUpdate(a.encodeStateAsUpdate());
        assertNotEquals(5, b.clientId());
    }

    @Test
    void subdocumentsSurviveARoundTrip() {
        YDoc d = new YDoc(1);
        YDoc sub = new YDoc(new YDoc.Options().guid("sub-guid").meta("m"));
        List<YDoc.SubdocsEvent> events = new ArrayList<>();
        d.onSubdocs(events::add);
        d.getMap("docs").set("a", sub);
        assertEquals(1, events.get(0).added.size());
        assertTrue(d.subdocs().contains(sub));
        YDoc e = new YDoc(2);
        e.applyUpdate(d.encodeStateAsUpdate());
        YDoc got = (YDoc) e.getMap("docs").get("a");
        assertEquals("sub-guid", got.guid());
        assertEquals("m", got.meta());
        YDoc f = new YDoc(3);
        f.applyUpdate(e.encodeStateAsUpdate());
        assertArrayEquals(d.encodeStateAsUpdate(), f.encodeStateAsUpdate());
        d.getMap("docs").delete("a");
        assertEquals(1, events.get(1).removed.size());
    }

    @Test
    void numbersInJson() {
        YDoc d = new YDoc(1);
        YArray a = d.getArray("a");
        a.push(List.of(1, 2.5, 1e21, -0.0, 4294967296L, Long.valueOf(3)));
        YDoc e = new YDoc(2);
        e.applyUpdate(d.encodeStateAsUpdate());
        assertEquals("[1,2.5,1e+21,0,4294967296,3]", e.getArray("a").toJson());
    }

    // ---- snapshots and undo ----

    @Test
    void snapshotsRestoreOldStates() {
        YDoc d = new YDoc(new YDoc.Options().clientId(1).gc(false));
        YText t = d.getText("t");
        t.insert(0, "hello");
        Snapshot s1 = Snapshot.of(d);
        t.delete(0, 2);
        t.insert(3, "!");
        Snapshot s2 = Snapshot.of(d);
        assertNotEquals(s1, s2);
        assertEquals(s1, Snapshot.decode(s1.encode()));
        YDoc old = s1.toDoc(d);
        assertEquals("hello", old.getText("t").toString());
        assertJson("[{\"insert\":\"hello\"}]", UpdateUtilsCompatTest.deltaJson(t.toDelta(s1, null)));
        assertTrue(s2.containsUpdate(d.encodeStateAsUpdate()));
        assertFalse(s1.containsUpdate(d.encodeStateAsUpdate()));
    }

    @Test
    void undoManagerTracksOriginsAndTimeout() {
        AtomicLong now = new AtomicLong(1000);
        YDoc d = new YDoc(1);
        YText t = d.getText("t");
        UndoManager.Options o = new UndoManager.Options();
        o.clock = now::get;
        UndoManager um = new UndoManager(List.of(t), o);
        t.insert(0, "a");
        now.addAndGet(100);
        t.insert(1, "b"); // within 500 ms: same stack item
        now.addAndGet(1000);
        t.insert(2, "c");
        assertEquals(2, um.undoStackSize());
        d.transact("untracked", tr -> t.insert(3, "X"));
        um.undo();
        assertEquals("abX", t.toString());
        um.undo();
        assertEquals("X", t.toString());
        assertFalse(um.canUndo());
        um.redo();
        assertEquals("abX", t.toString());
        um.addTrackedOrigin("untracked");
        d.transact("untracked", tr -> t.insert(0, "Y"));
        um.undo();
        assertEquals("abX", t.toString());
        YMap m = d.getMap("m");
        UndoManager mu = new UndoManager(m);
        m.set("k", 1);
        mu.stopCapturing();
        m.set("k", 2);
        mu.undo();
        assertEquals(1, m.get("k"));
        mu.undo();
        assertNull(m.get("k"));
        mu.redo();
        mu.redo();
        assertEquals(2, m.get("k"));
    }

    @Test
    void relativePositionsFollowEdits() {
        YDoc a = new YDoc(1), b = new YDoc(2);
        YText t = a.getText("t");
        t.insert(0, "hello world");
        RelativePosition rp = RelativePosition.fromTypeIndex(t, 6);
        sync(a, b);
        b.getText("t").insert(0, ">> ");
        sync(a, b);
        assertEquals(9, rp.toAbsolute(a).index);
        RelativePosition decoded = RelativePosition.decode(rp.encode());
        assertEquals(9, decoded.toAbsolute(b).index);
        RelativePosition end = RelativePosition.fromTypeIndex(t, t.length());
        t.insert(t.length(), "!");
        assertEquals(t.length(), end.toAbsolute(a).index);
    }
}
