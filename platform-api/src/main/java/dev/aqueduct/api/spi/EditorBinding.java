package dev.aqueduct.api.spi;

/**
 * Converts between a collaborative document (Yjs state) and an editor's format (plain text, ProseMirror JSON,
 * Markdown), and validates updates before they are applied.
 */
public interface EditorBinding {

    /** Format name such as {@code text} or {@code prosemirror}. */
    String format();

    /** The document's content in this binding's JSON representation. */
    String toJson(byte[] yjsState);

    /**
     * A Yjs update that turns {@code currentState} into the given content. Applied like any client update, so
     * connected editors see the change live.
     */
    byte[] updateFromJson(byte[] currentState, String json);

    /**
     * Checks an update before it is applied; throw {@link IllegalArgumentException} to refuse it.
     * The default accepts everything.
     */
    default void validate(byte[] currentState, byte[] update) {
    }
}
