package dev.aqueduct.webrtc;

import java.util.Locale;

/**
 * ICE candidate types (RFC 8445 section 5.1.1, {@code RTCIceCandidateType}), ordered from the most direct to the
 * most relayed. Peer-reflexive comes before server-reflexive: it is often a host address the peer learned during
 * the checks rather than from signaling.
 */
enum CandidateType {
    HOST, PRFLX, SRFLX, RELAY;

    /** The name as WebRTC writes it: {@code host}, {@code srflx}, {@code prflx}, {@code relay}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static CandidateType of(String label) {
        for (CandidateType t : values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type of the path through a candidate pair: its more relayed side. A pair with a relay candidate on either
     * side goes through a TURN server.
     */
    static CandidateType path(CandidateType local, CandidateType remote) {
        return local.ordinal() >= remote.ordinal() ? local : remote;
    }
}
