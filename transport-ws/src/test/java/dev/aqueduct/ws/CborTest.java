package dev.aqueduct.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CborTest {

    private static JsonValue json(String text) {
        return EncodedEnvelope.parse(text);
    }

    @Test
    void everyJsonValueSurvivesARoundTrip() {
        String[] samples = {"null", "true", "false", "0", "23", "24", "255", "256", "65535", "65536", "4294967295",
                "4294967296", "9223372036854775807", "-1", "-24", "-25", "-9223372036854775808", "1.5", "-0.25",
                "1.0E300", "\"\"", "\"h\u00e9llo \u2603 \ud83d\ude00\"", "[]", "{}",
                "{\"a\":[1,{\"b\":null,\"c\":[true,false]}],\"d\":\"x\",\"e\":3.25}",
                "[" + "1,".repeat(300) + "1]", "\"" + "z".repeat(70_000) + "\""};
        for (String s : samples) {
            JsonValue v = json(s);
            assertEquals(v, Cbor.decode(Cbor.encode(v)), s.length() > 80 ? s.substring(0, 80) : s);
        }
    }

    @Test
    void randomTreesSurviveARoundTrip() {
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            JsonValue v = json(randomJson(r, 0));
            assertEquals(v, Cbor.decode(Cbor.encode(v)));
        }
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] full = Cbor.encode(json("{\"op\":\"pub\",\"room\":\"chat:a\",\"payload\":{\"n\":[1,2.5,\"x\",null]}}"));
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            assertThrows(Cbor.CborException.class, () -> Cbor.decode(cut), "cut at " + n);
        }
    }

    @Test
    void valuesJsonCannotExpressAreRefused() {
        Cbor.Writer bytes = new Cbor.Writer(8);
        bytes.head(2, 2).raw(new byte[] {1, 2});
        assertRefused(bytes.toByteArray(), "byte strings");
        Cbor.Writer tag = new Cbor.Writer(8);
        tag.head(6, 1).integer(5);
        assertRefused(tag.toByteArray(), "tags");
        assertRefused(new byte[] {(byte) 0xf7}, "undefined");
        assertRefused(new byte[] {(byte) 0x9f, 0x01, (byte) 0xff}, "indefinite");
        Cbor.Writer intKey = new Cbor.Writer(8);
        intKey.map(1).integer(1).integer(2);
        assertRefused(intKey.toByteArray(), "keys must be text");
        Cbor.Writer nan = new Cbor.Writer(8);
        nan.raw(new byte[] {(byte) 0xf9, 0x7e, 0x00});
        assertRefused(nan.toByteArray(), "NaN");
        assertRefused(new byte[] {0x01, 0x02}, "trailing");
        assertRefused(new byte[] {0x62, (byte) 0xc3, 0x28}, "UTF-8");
    }

    @Test
    void lengthsLargerThanTheMessageAreRefusedWithoutAllocating() {
        Cbor.Writer w = new Cbor.Writer(16);
        w.head(4, 0xffff_ffffL);
        assertRefused(w.toByteArray(), "exceeds the message");
        Cbor.Writer m = new Cbor.Writer(16);
        m.head(5, Long.MAX_VALUE);
        assertRefused(m.toByteArray(), "exceeds the message");
    }

    @Test
    void deepNestingIsRefused() {
        byte[] deep = new byte[Cbor.MAX_DEPTH + 10];
        Arrays.fill(deep, (byte) 0x81);
        deep[deep.length - 1] = 0x00;
        assertRefused(deep, "nested deeper");
    }

    @Test
    void halfPrecisionFloatsDecode() {
        Cbor.Writer w = new Cbor.Writer(4);
        w.raw(new byte[] {(byte) 0xf9, 0x3e, 0x00});
        assertEquals(1.5, ((jakarta.json.JsonNumber) Cbor.decode(w.toByteArray())).doubleValue());
        assertEquals(-2.0, Cbor.halfToDouble(0xc000));
        assertEquals(Math.pow(2, -24), Cbor.halfToDouble(0x0001));
    }

    private static void assertRefused(byte[] data, String messagePart) {
        Cbor.CborException e = assertThrows(Cbor.CborException.class, () -> Cbor.decode(data));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    private static String randomJson(Random r, int depth) {
        int kind = depth > 4 ? r.nextInt(5) : r.nextInt(7);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> r.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(r.nextLong() >> r.nextInt(64));
            case 3 -> Double.toString(r.nextGaussian() * 1e6);
            case 4 -> EncodedEnvelope.JSON.createValue(randomString(r)).toString();
            case 5 -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = r.nextInt(4); i > 0; i--) {
                    sb.append(randomJson(r, depth + 1)).append(i > 1 ? "," : "");
                }
                yield sb.append(']').toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(EncodedEnvelope.JSON.createValue("k" + i + randomString(r))).append(':')
                            .append(randomJson(r, depth + 1)).append(i < n - 1 ? "," : "");
                }
                yield sb.append('}').toString();
            }
        };
    }

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            sb.append((char) (r.nextBoolean() ? 'a' + r.nextInt(26) : 0x20 + r.nextInt(0xd000)));
        }
        return sb.toString();
    }
}
