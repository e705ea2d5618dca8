package dev.aqueduct.core;

import dev.aqueduct.api.RoomId;

/** Rooms with a meaning to the platform itself. */
public final class PlatformRooms {

    /** ADMIN on this room guards the admin API. */
    public static final RoomId ADMIN = RoomId.of("sys:admin");

    private PlatformRooms() {
    }
}
