package dev.aqueduct.ws;

/** A WebSocket connection of a document protocol (y-websocket or Hocuspocus), as {@link DocumentSockets} drives it. */
interface DocumentSocket {

    /** Timers: token expiry, heartbeats; called about once a second. */
    void tick();

    /** Closes the socket with a WebSocket close code after what is queued. */
    void close(int code, String reason);
}
