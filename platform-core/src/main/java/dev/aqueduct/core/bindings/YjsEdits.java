package dev.aqueduct.core.bindings;

import dev.aqueduct.crdt.YDoc;
import dev.aqueduct.crdt.lib0.DecodingException;
import java.util.function.Consumer;

/** Loads Yjs state into a scratch document and records the update that an edit of it produces. */
final class YjsEdits {

    /** The update of an edit that changes nothing. */
    static final byte[] NO_CHANGE = new YDoc().encodeStateAsUpdate();

    private YjsEdits() {
    }

    /** A document holding {@code state} (an empty one for null or empty state). */
    static YDoc load(byte[] state) {
        YDoc doc = new YDoc();
        if (state != null && state.length > 0) {
            try {
                doc.applyUpdate(state);
            } catch (DecodingException e) {
                throw new IllegalArgumentException("not a valid Yjs state: " + e.getMessage(), e);
            }
        }
        return doc;
    }

    /**
     * Runs {@code edit} in one transaction on a document holding {@code state} and returns the V1 update it produced
     * ({@link #NO_CHANGE} when it produced none). The scratch document's client id is random; applying the state
     * picks another one if the state already uses it, as in Yjs.
     */
    static byte[] record(byte[] state, Consumer<YDoc> edit) {
        YDoc doc = load(state);
        byte[][] out = new byte[1][];
        doc.onUpdate((update, origin) -> out[0] = update);
        doc.transact(tr -> edit.accept(doc));
        return out[0] == null ? NO_CHANGE : out[0];
    }
}
