package dev.aqueduct.api.spi;

/**
 * The payload of {@link LifecycleHook#onChange} and {@link LifecycleHook#afterStore}: a change of a collaborative
 * document, as the Yjs update and as editor content read through an {@link EditorBinding}. Content is computed only
 * when a hook asks for it (it decodes the document), so hooks that look only at the update cost nothing extra.
 */
public interface DocumentChange {

    String documentId();

    /** The change as a Yjs V1 update: the client's update for {@code onChange}, the stored one for {@code afterStore}. */
    byte[] update();

    /**
     * The document's content with the change, in the JSON of the default binding
     * ({@code aqueduct.documents.default-binding}). For {@code onChange} it is what the document would become;
     * for {@code afterStore} it is the document as it is when asked (with this change, maybe with later ones).
     */
    String content();

    /** Like {@link #content()}, through the binding of the given format; {@link IllegalArgumentException} if none. */
    String content(String format);

    /**
     * The document's content before the change, in the default binding's JSON; {@code null} for {@code afterStore},
     * where the document may have moved on.
     */
    String previousContent();

    /** Like {@link #previousContent()}, through the binding of the given format. */
    String previousContent(String format);
}
