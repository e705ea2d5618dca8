package dev.aqueduct.ws;

import dev.aqueduct.api.RoomId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peer-to-peer mesh of each room on this node: the connections that sent or received an {@code offer} there,
 * until they leave the room or close. An offer that would add a peer to a mesh of {@code max} peers is refused.
 */
final class RoomMesh {

    private final ConcurrentHashMap<RoomId, Set<String>> rooms = new ConcurrentHashMap<>();

    /**
     * Makes {@code conn} a peer of the room's mesh unless the mesh is full ({@code max} 0: no limit).
     *
     * @return false when the mesh already has {@code max} other peers
     */
    boolean enter(RoomId room, String conn, int max) {
        boolean[] entered = new boolean[1];
        rooms.compute(room, (r, peers) -> {
            Set<String> p = peers == null ? ConcurrentHashMap.newKeySet() : peers;
            entered[0] = p.contains(conn) || max == 0 || p.size() < max;
            if (entered[0]) {
                p.add(conn);
            }
            return p.isEmpty() ? null : p;
        });
        return entered[0];
    }

    void leave(RoomId room, String conn) {
        rooms.computeIfPresent(room, (r, peers) -> {
            peers.remove(conn);
            return peers.isEmpty() ? null : peers;
        });
    }

    int size(RoomId room) {
        Set<String> p = rooms.get(room);
        return p == null ? 0 : p.size();
    }
}
