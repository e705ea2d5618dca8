package dev.aqueduct.core.rtc;

import dev.aqueduct.core.config.Settings;
import java.time.Duration;
import java.util.List;

/**
 * WebRTC settings ({@code aqueduct.rtc.*}; see docs/webrtc.md): ICE servers, and how large a peer-to-peer mesh may
 * grow.
 *
 * @param stunUrls     STUN server URLs handed to clients
 * @param turnUrls     TURN server URLs; without a secret they are not handed out
 * @param turnSecrets  shared secrets of the TURN server; the first signs new credentials (list the old one after the
 *                     new one in the TURN server while rotating)
 * @param turnTtl      how long a credential is valid
 * @param maxMeshPeers peers a room's peer-to-peer mesh may have (y-webrtc topic subscribers, room-bus connections
 *                     that exchanged offers); {@code 0} for no limit
 */
public record RtcSettings(List<String> stunUrls, List<String> turnUrls, List<String> turnSecrets, Duration turnTtl,
                          int maxMeshPeers) {

    public static RtcSettings from(Settings s) {
        return new RtcSettings(s.getList("aqueduct.rtc.stun-urls"), s.getList("aqueduct.rtc.turn-urls"),
                s.getList("aqueduct.rtc.turn-secrets"),
                s.getDuration("aqueduct.rtc.turn-ttl", Duration.ofHours(1)),
                Math.max(0, s.getInt("aqueduct.rtc.max-mesh-peers", 10)));
    }
}
