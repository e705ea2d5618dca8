package dev.aqueduct.sse;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.HistoryStore.Position;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SseCursorTest {

    @Test
    void roundTripsSeveralRooms() {
        Map<RoomId, Position> m = new LinkedHashMap<>();
        m.put(RoomId.of("chat:a"), new Position("e1", 0));
        m.put(RoomId.of("doc:ünï/x"), new Position("abcdef", 123456789012L));
        String c = SseCursor.encode(m);
        assertTrue(c.matches("[A-Za-z0-9_-]+"), "safe in a header and a query string: " + c);
        assertEquals(m, SseCursor.decode(c));
    }

    @Test
    void rejectsMalformedAndForeignCursors() {
        for (String bad : new String[] {"", "1", "2abc", "garbage", "1%%%", "1" + "QUJD",
                "1" + b64("chat:a\te1"), "1" + b64("chat:a\te1\tx"), "1" + b64("chat:a\te1\t-1"),
                "1" + b64("bad room\te1\t1"), "1" + "A".repeat(20_000)}) {
            assertThrows(IllegalArgumentException.class, () -> SseCursor.decode(bad), bad);
        }
    }

    private static String b64(String s) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes());
    }
}
