package dev.aqueduct.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.api.RoomId;
import org.junit.jupiter.api.Test;

class RoomMeshTest {

    private static final RoomId CALL = RoomId.of("call:standup");
    private static final RoomId OTHER = RoomId.of("call:other");

    @Test
    void aFullMeshTakesNoNewPeerButKeepsItsOwn() {
        RoomMesh mesh = new RoomMesh();
        assertTrue(mesh.enter(CALL, "a", 2));
        assertTrue(mesh.enter(CALL, "b", 2));
        assertFalse(mesh.enter(CALL, "c", 2));
        assertTrue(mesh.enter(CALL, "a", 2), "a peer already in the mesh stays in it");
        assertEquals(2, mesh.size(CALL));
        assertTrue(mesh.enter(OTHER, "c", 2), "each room has its own mesh");
    }

    @Test
    void leavingFreesAPlaceAndAnEmptyMeshIsForgotten() {
        RoomMesh mesh = new RoomMesh();
        mesh.enter(CALL, "a", 2);
        mesh.enter(CALL, "b", 2);
        mesh.leave(CALL, "a");
        assertTrue(mesh.enter(CALL, "c", 2));
        mesh.leave(CALL, "b");
        mesh.leave(CALL, "c");
        mesh.leave(CALL, "never-there");
        assertEquals(0, mesh.size(CALL));
    }

    @Test
    void zeroMeansNoLimit() {
        RoomMesh mesh = new RoomMesh();
        for (int i = 0; i < 100; i++) {
            assertTrue(mesh.enter(CALL, "p" + i, 0));
        }
        assertEquals(100, mesh.size(CALL));
    }
}
