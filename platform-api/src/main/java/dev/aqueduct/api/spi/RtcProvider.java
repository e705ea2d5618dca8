package dev.aqueduct.api.spi;

/**
 * Lets clients join a room's call on a selective forwarding unit (SFU) such as LiveKit, instead of (or besides)
 * connecting peer to peer. The platform has already authenticated the caller and checked SIGNAL on the room; the
 * provider turns that into whatever the SFU needs, typically an access token signed with the SFU's own key, and
 * never has to know the platform's tokens.
 *
 * <p>Called by {@code POST /api/v1/rtc/sfu/{room}}. Only the first running provider (lowest order) is used; without
 * one the endpoint answers 501. Implementations must be thread-safe and should not block on the network: minting a
 * token locally is the intended shape.
 */
public interface RtcProvider {

    /**
     * What the caller needs to join the room on the SFU.
     *
     * @throws IllegalStateException when the SFU cannot be used now (the client gets 503; the message is logged,
     *                               not shown)
     */
    RtcTicket join(RtcJoinRequest request);
}
