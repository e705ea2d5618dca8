package dev.aqueduct.crdt.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.crdt.YDoc;
import dev.aqueduct.crdt.lib0.JsValues;
import dev.aqueduct.crdt.lib0.Json;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import dev.aqueduct.crdt.lib0.Lib0Writer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sync, awareness and auth messages interoperate with y-protocols from npm. */
class ProtocolsCompatTest {

    static String b64(byte[] b) { return Base64.getEncoder().encodeToString(b); }

    static byte[] unb64(Object s) { return Base64.getDecoder().decode((String) s); }

    static String runNode(String script, String stdin) throws Exception {
        Process p = new ProcessBuilder("node", script).directory(new File("src/test/node")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        return out;
    }

    @SuppressWarnings("unchecked")
    @Test
    void syncAwarenessAndAuthAgainstYProtocols() throws Exception {
        YDoc doc = new YDoc(11);
        doc.getText("text").insert(0, "from java ");
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((u, o) -> updates.add(u));
        doc.getText("text").insert(0, "?");
        Awareness aw = new Awareness(11);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", "java");
        user.put("cursor", List.of(1, 2));
        aw.setLocalStateField("user", user);

        Map<String, Object> in = new LinkedHashMap<>();
        in.put("javaStep1", b64(SyncProtocol.encodeSyncStep1(new YDoc(11))));
        in.put("javaMessages", List.of(b64(SyncProtocol.encodeSyncStep2(doc, null)), b64(SyncProtocol.encodeUpdate(updates.get(0)))));
        in.put("javaAwareness", b64(aw.encodeUpdate(List.of(11L))));
        in.put("javaClient", 11);
        Map<String, Object> out = (Map<String, Object>) Json.parse(runNode("protocols.mjs", Json.stringify(in)));

        // node answered our (empty) step 1 with its whole state
        YDoc empty = new YDoc(11);
        Lib0Writer reply = new Lib0Writer();
        assertEquals(SyncProtocol.SYNC_STEP_2, SyncProtocol.readSyncMessage(new Lib0Reader(unb64(out.get("step2"))), reply, empty, "node"));
        assertEquals(0, reply.length());
        // node applied our step 2 and update: its document contains both sides
        assertTrue(JsValues.deepEquals(Json.parse((String) out.get("docJson")), Json.parse(nodeView(out))));
        assertTrue(((String) out.get("docJson")).contains("?from java "));

        // we answer node's step 1 and apply its update message
        Lib0Writer r2 = new Lib0Writer();
        assertEquals(SyncProtocol.SYNC_STEP_1, SyncProtocol.readSyncMessage(new Lib0Reader(unb64(out.get("step1"))), r2, doc, "node"));
        Lib0Reader rr = new Lib0Reader(r2.toByteArray());
        assertEquals(SyncProtocol.SYNC_STEP_2, rr.readVarUint());
        byte[] missing = rr.readVarBytes();
        YDoc nodeCopy = new YDoc();
        nodeCopy.getText("text");
        nodeCopy.getMap("map");
        nodeCopy.applyUpdate(unb64(out.get("docState")));
        nodeCopy.applyUpdate(missing);
        SyncProtocol.readSyncMessage(new Lib0Reader(unb64(out.get("step2"))), new Lib0Writer(), doc, "node");
        SyncProtocol.readSyncMessage(new Lib0Reader(unb64(out.get("update"))), new Lib0Writer(), doc, "node");
        doc.getMap("map");
        assertEquals(nodeCopy.getText("text").toString(), doc.getText("text").toString());
        assertTrue(doc.getText("text").toString().startsWith("!"));

        // awareness: node saw our state, and we decode node's
        Map<String, Object> states = (Map<String, Object>) Json.parse((String) out.get("awarenessStates"));
        assertTrue(JsValues.deepEquals(aw.getLocalState(), states.get("11")));
        assertArrayEquals(aw.encodeUpdate(List.of(11L)), unb64(out.get("javaAwarenessReencoded")));
        List<Awareness.Change> changes = new ArrayList<>();
        aw.onChange((c, o) -> changes.add(c));
        aw.applyUpdate(unb64(out.get("nodeAwareness")), "node");
        assertEquals(List.of(22L), changes.get(0).added);
        assertEquals("node", ((Map<String, Object>) ((Map<String, Object>) aw.getStates().get(22L)).get("user")).get("name"));
        aw.applyUpdate(unb64(out.get("nodeAwarenessRemoved")), "node");
        assertEquals(List.of(22L), changes.get(1).removed);
        assertFalse(aw.getStates().containsKey(22L));

        // auth
        String[] reason = new String[1];
        AuthProtocol.readAuthMessage(new Lib0Reader(unb64(out.get("auth"))), s -> reason[0] = s);
        assertEquals("no access to this room", reason[0]);
        Lib0Writer aw2 = new Lib0Writer();
        AuthProtocol.writePermissionDenied(aw2, "no access to this room");
        assertArrayEquals(unb64(out.get("auth")), aw2.toByteArray());
    }

    private static String nodeView(Map<String, Object> out) {
        YDoc d = new YDoc();
        d.getText("text");
        d.getMap("map");
        d.applyUpdate(unb64(out.get("docState")));
        return d.toJson();
    }

    @Test
    void awarenessTimesOutAfterThirtySeconds() {
        AtomicLong now = new AtomicLong(1_000_000);
        Awareness a = new Awareness(1, now::get);
        Awareness b = new Awareness(2, now::get);
        a.setLocalStateField("x", 1);
        b.applyUpdate(a.encodeUpdate(List.of(1L)), "a");
        assertTrue(b.getStates().containsKey(1L));
        now.addAndGet(29_999);
        b.checkOutdated();
        assertTrue(b.getStates().containsKey(1L));
        now.addAndGet(1);
        List<Awareness.Change> ch = new ArrayList<>();
        b.onChange((c, o) -> {
            ch.add(c);
            assertEquals("timeout", o);
        });
        b.checkOutdated();
        assertFalse(b.getStates().containsKey(1L));
        assertEquals(List.of(1L), ch.get(0).removed);
        // the local state is renewed (clock increases) after half the timeout
        long clock = b.getMeta().get(2L).clock;
        now.addAndGet(15_000);
        b.checkOutdated();
        assertTrue(b.getMeta().get(2L).clock > clock);
        // a remote client cannot remove our local state: our clock moves past theirs
        Awareness c = new Awareness(2, now::get);
        c.setLocalState(null);
        b.applyUpdate(c.encodeUpdate(List.of(2L)), "c");
        assertTrue(b.getStates().containsKey(2L));
    }
}
