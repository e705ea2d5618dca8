package dev.aqueduct.api;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.api.plugin.Durations;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoomIdTest {

    @Test
    void acceptsNamespacedIds() {
        RoomId id = RoomId.of("doc:article-42");
        assertEquals("doc", id.namespace());
        assertEquals("article-42", id.name());
        assertEquals("chat:a:b", RoomId.of("chat:a:b").value());
    }

    @Test
    void rejectsEmptyTooLongControlAndShapeErrors() {
        assertEquals("room id is empty", RoomId.problem(""));
        assertNotNull(RoomId.problem("x:" + "a".repeat(RoomId.MAX_LENGTH)));
        assertNotNull(RoomId.problem("chat:a\nb"));
        assertNotNull(RoomId.problem("chat:a b"));
        assertNotNull(RoomId.problem("nocolon"));
        assertNotNull(RoomId.problem(":name"));
        assertNotNull(RoomId.problem("chat:"));
        assertNotNull(RoomId.problem("Chat:x"));
        assertThrows(IllegalArgumentException.class, () -> RoomId.of("bad"));
    }

    @Test
    void patternsMatchExactPrefixAndStar() {
        RoomId id = RoomId.of("chat:lobby");
        assertTrue(id.matches("chat:*"));
        assertTrue(id.matches("*"));
        assertTrue(id.matches("chat:lobby"));
        assertFalse(id.matches("chat:lob"));
        assertFalse(id.matches("doc:*"));
    }

    @Test
    void grantsParseLetters() {
        RoomGrant g = RoomGrant.parse("chat:*", "rwp");
        assertTrue(g.allows(RoomId.of("chat:x"), Action.WRITE));
        assertFalse(g.allows(RoomId.of("chat:x"), Action.SIGNAL));
        assertFalse(g.allows(RoomId.of("doc:x"), Action.READ));
        assertThrows(IllegalArgumentException.class, () -> RoomGrant.parse("chat:*", "rq"));
    }

    @Test
    void durationsParseUnitsAndIso() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofSeconds(15), Durations.parse("PT15S"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 weeks"));
    }
}
