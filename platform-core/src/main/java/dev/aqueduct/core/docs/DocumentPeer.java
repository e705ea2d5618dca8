package dev.aqueduct.core.docs;

/**
 * A connection editing a {@link LiveDocument} (a y-websocket socket, a Hocuspocus document on a socket). Callbacks
 * come in the order the document applied the changes (stored changes from the document writer's thread, awareness
 * and stateless messages under the document's lock) and must only queue: never block.
 */
public interface DocumentPeer {

    /** A stored change of the document (a Yjs V1 update), including the peer's own. */
    void documentUpdate(byte[] update, DocumentPeer origin);

    /** An awareness update (y-protocols encoding) for the document's peers, including the peer's own. */
    void awarenessUpdate(byte[] update, DocumentPeer origin);

    /** A stateless message (Hocuspocus) another peer sent to the document; peers that cannot carry it ignore it. */
    default void statelessMessage(String payload, DocumentPeer origin) {
    }

    /** The document failed (its store refused an update) and was unloaded; the peer should disconnect. */
    void documentFailed(String reason);

    /** Who the peer is, for the audit trail. */
    String subject();

    /** Who the peer is, for lifecycle hooks; {@code null} for system changes. */
    default dev.aqueduct.api.Principal principal() {
        return null;
    }

    /** The transport the peer came through ({@code yjs}, {@code collab}), or {@code system}. */
    default String transport() {
        return "system";
    }

    String connectionId();
}
