package dev.aqueduct.ws;

import dev.aqueduct.api.RoomId;
import dev.aqueduct.core.hub.Hub;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is present in which room on this node: connections that set a presence state. Changes are broadcast through
 * the hub (not stored); rooms with more than {@code maxMembers} members only get their count, at most once a tick.
 */
final class RoomPresence {

    record Member(String conn, String sub, JsonValue state) {
    }

    private final Hub hub;
    private final int maxMembers;
    private final ConcurrentHashMap<RoomId, ConcurrentHashMap<String, Member>> rooms = new ConcurrentHashMap<>();
    private final Set<RoomId> countChanged = ConcurrentHashMap.newKeySet();

    RoomPresence(Hub hub, int maxMembers) {
        this.hub = hub;
        this.maxMembers = maxMembers;
    }

    /** Sets a connection's state in a room; {@code null} state withdraws it. */
    void set(RoomId room, String conn, String sub, JsonValue state) {
        if (state == null || state == JsonValue.NULL) {
            remove(room, conn);
            return;
        }
        Member m = new Member(conn, sub, state);
        ConcurrentHashMap<String, Member> members = rooms.computeIfAbsent(room, r -> new ConcurrentHashMap<>());
        members.put(conn, m);
        announce(room, members.size(), "joins", member(m, true));
    }

    void remove(RoomId room, String conn) {
        ConcurrentHashMap<String, Member> members = rooms.get(room);
        if (members == null) {
            return;
        }
        Member m = members.remove(conn);
        if (m == null) {
            return;
        }
        int count = members.size();
        if (count == 0) {
            rooms.remove(room, members);
        }
        announce(room, count, "leaves", member(m, false));
    }

    /** The presence message a connection gets right after {@code joined}. */
    JsonObject snapshot(RoomId room) {
        Map<String, Member> members = rooms.getOrDefault(room, new ConcurrentHashMap<>());
        JsonObjectBuilder b = Messages.op("presence", null).add("room", room.value()).add("snapshot", true)
                .add("count", members.size());
        if (members.size() <= maxMembers) {
            JsonArrayBuilder joins = EncodedEnvelope.JSON.createArrayBuilder();
            for (Member m : members.values()) {
                joins.add(member(m, true));
            }
            b.add("joins", joins);
        }
        return b.build();
    }

    int count(RoomId room) {
        Map<String, Member> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }

    /** Sends the counts of large rooms that changed since the last tick. */
    void tick() {
        for (RoomId room : countChanged) {
            countChanged.remove(room);
            hub.broadcast(room, EncodedEnvelope.PRESENCE_TYPE, "{\"count\":" + count(room) + "}", null);
        }
    }

    private void announce(RoomId room, int count, String field, JsonObject member) {
        if (count > maxMembers) {
            countChanged.add(room);
            return;
        }
        JsonObject fields = EncodedEnvelope.JSON.createObjectBuilder().add("count", count)
                .add(field, EncodedEnvelope.JSON.createArrayBuilder().add(member)).build();
        hub.broadcast(room, EncodedEnvelope.PRESENCE_TYPE, fields.toString(), member.getString("sub"));
    }

    private static JsonObject member(Member m, boolean withState) {
        JsonObjectBuilder b = EncodedEnvelope.JSON.createObjectBuilder().add("conn", m.conn()).add("sub", m.sub());
        if (withState) {
            b.add("state", m.state());
        }
        return b.build();
    }
}
