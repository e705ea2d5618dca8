package dev.aqueduct.crdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Lib0Writer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Truncated, garbled, oversized and lying updates fail with a typed exception and change nothing. */
class HostileInputTest {

    private static YDoc base() {
        YDoc d = new YDoc(new YDoc.Options().clientId(7).gc(false));
        d.getText("text").insert(0, "hello world");
        d.getMap("map").set("k", List.of(1, "two", 3.5));
        d.getArray("array").insert(0, List.of(1, 2, 3));
        return d;
    }

    private static byte[] sampleUpdate(boolean v2) {
        JavaSessions js = new JavaSessions(99, 2, false);
        js.run(60);
        js.fullSync();
        return v2 ? js.docs.get(0).encodeStateAsUpdateV2() : js.docs.get(0).encodeStateAsUpdate();
    }

    /** Applies and checks: either success, or DecodingException with the document unchanged. */
    private static void applyHostile(byte[] u, boolean v2) {
        YDoc d = base();
        byte[] before = d.encodeStateAsUpdateV2();
        String json = d.toJson();
        try {
            if (v2) d.applyUpdateV2(u);
            else d.applyUpdate(u);
            // accepted: the document must stay usable and encodable
            d.toJson();
            d.getText("text").insert(0, "ok");
            YDoc copy = new YDoc();
            copy.applyUpdateV2(d.encodeStateAsUpdateV2());
            copy.applyUpdate(d.encodeStateAsUpdate());
        } catch (DecodingException e) {
            assertArrayEquals(before, d.encodeStateAsUpdateV2(), "document changed by a rejected update");
            assertEquals(json, d.toJson());
        }
    }

    @Test
    void truncatedUpdatesAreRejectedAtomically() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (boolean v2 : new boolean[] {false, true}) {
                byte[] u = sampleUpdate(v2);
                for (int len = 0; len < u.length; len++) {
                    byte[] t = Arrays.copyOf(u, len);
                    applyHostile(t, v2);
                }
            }
        });
    }

    @Test
    void garbledUpdatesNeverCorruptOrHang() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random rnd = new Random(5);
            for (boolean v2 : new boolean[] {false, true}) {
                byte[] u = sampleUpdate(v2);
                for (int i = 0; i < Integer.getInteger("crdt.garble", 1500); i++) {
                    byte[] g = u.clone();
                    int flips = 1 + rnd.nextInt(4);
                    for (int f = 0; f < flips; f++) g[rnd.nextInt(g.length)] = (byte) rnd.nextInt(256);
                    applyHostile(g, v2);
                }
                for (int i = 0; i < 300; i++) {
                    byte[] g = new byte[rnd.nextInt(64)];
                    rnd.nextBytes(g);
                    applyHostile(g, v2);
                }
            }
        });
    }

    @Test
    void oversizedLengthFieldsAreCheckedAgainstTheInput() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            // one client, one struct: a string item whose length claims 2^31 bytes
            Lib0Writer w = new Lib0Writer();
            w.writeVarUint(1); // clients
            w.writeVarUint(1); // structs
            w.writeVarUint(5); // client
            w.writeVarUint(0); // clock
            w.writeByte(4); // ContentString, no origins
            w.writeVarUint(1); // parent is a root key
            w.writeVarUint(Integer.MAX_VALUE); // key length
            byte[] u = w.toByteArray();
            YDoc d = base();
            assertThrows(DecodingException.class, () -> d.applyUpdate(u));
            // a struct count far larger than the input can hold
            Lib0Writer w2 = new Lib0Writer();
            w2.writeVarUint(1);
            w2.writeVarUint(1L << 40);
            assertThrows(DecodingException.class, () -> d.applyUpdate(w2.toByteArray()));
            // V2 with an RLE run claiming 2^50 structs
            Lib0Writer w3 = new Lib0Writer();
            w3.writeVarUint(0);
            for (int i = 0; i < 9; i++) w3.writeVarUint(0);
            w3.writeVarUint(1);
            w3.writeVarUint(1L << 50);
            assertThrows(DecodingException.class, () -> d.applyUpdateV2(w3.toByteArray()));
            // a state vector that lies about its size
            Lib0Writer w4 = new Lib0Writer();
            w4.writeVarUint(1L << 40);
            assertThrows(DecodingException.class, () -> d.encodeStateAsUpdate(w4.toByteArray()));
        });
    }

    @Test
    void lyingUpdatesWaitAsPendingWithoutChangingContent() {
        // an update that refers to structs the document has never seen is kept pending
        YDoc a = new YDoc(new YDoc.Options().clientId(1));
        YDoc b = new YDoc(new YDoc.Options().clientId(2));
        List<byte[]> ups = new java.util.ArrayList<>();
        a.onUpdate((u, o) -> ups.add(u));
        a.getText("t").insert(0, "abc");
        a.getText("t").insert(1, "X");
        b.applyUpdate(ups.get(1));
        assertEquals("", b.getText("t").toString());
        assertEquals(true, b.hasPending());
        b.applyUpdate(ups.get(0));
        assertEquals("aXbc", b.getText("t").toString());
        assertEquals(false, b.hasPending());
        // a struct that claims to follow a later clock of its own client is rejected
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(1);
        w.writeVarUint(1);
        w.writeVarUint(9);
        w.writeVarUint(0);
        w.writeByte(0x80 | 4); // has origin
        w.writeVarUint(9);
        w.writeVarUint(5); // origin 9:5 from the item 9:0 itself
        w.writeVarString("x");
        w.writeVarUint(0);
        YDoc c = base();
        byte[] before = c.encodeStateAsUpdateV2();
        assertThrows(DecodingException.class, () -> c.applyUpdate(w.toByteArray()));
        assertArrayEquals(before, c.encodeStateAsUpdateV2());
    }
}
