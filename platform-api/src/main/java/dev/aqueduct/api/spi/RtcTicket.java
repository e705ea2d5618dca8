package dev.aqueduct.api.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a client needs to join a room on an SFU; handed to the client as JSON.
 *
 * @param provider  the kind of SFU, so the client picks the right SDK (for example {@code livekit})
 * @param url       where the client connects (for example {@code wss://sfu.example.com})
 * @param room      the room's name on the SFU (often the platform's room id)
 * @param token     the credential the SFU checks
 * @param expiresAt when the token stops being accepted for new connections
 */
public record RtcTicket(String provider, String url, String room, String token, Instant expiresAt) {

    public RtcTicket {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
