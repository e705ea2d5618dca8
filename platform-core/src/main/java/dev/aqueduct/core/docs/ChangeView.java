package dev.aqueduct.core.docs;

import dev.aqueduct.api.spi.DocumentChange;
import dev.aqueduct.core.bindings.Bindings;
import dev.aqueduct.crdt.YDoc;
import java.util.function.Supplier;

/** A document change as hooks see it: the update, and content through a binding, computed when first asked. */
final class ChangeView implements DocumentChange {

    private final String documentId;
    private final byte[] update;
    private final Bindings bindings;
    private final Supplier<byte[]> before;
    private final Supplier<byte[]> after;
    private byte[] beforeState;
    private byte[] afterState;

    private ChangeView(String documentId, byte[] update, Bindings bindings, Supplier<byte[]> before,
                       Supplier<byte[]> after) {
        this.documentId = documentId;
        this.update = update;
        this.bindings = bindings;
        this.before = before;
        this.after = after;
    }

    /** A change about to be applied to the document whose state {@code current} reads. */
    static ChangeView proposed(String documentId, byte[] update, Bindings bindings, Supplier<byte[]> current) {
        ChangeView[] self = new ChangeView[1];
        self[0] = new ChangeView(documentId, update, bindings, current, () -> {
            YDoc d = new YDoc();
            d.applyUpdate(self[0].beforeState());
            d.applyUpdate(update);
            return d.encodeStateAsUpdate();
        });
        return self[0];
    }

    /** A stored change of the document whose state {@code current} reads. */
    static ChangeView stored(String documentId, byte[] update, Bindings bindings, Supplier<byte[]> current) {
        return new ChangeView(documentId, update, bindings, null, current);
    }

    @Override
    public String documentId() {
        return documentId;
    }

    @Override
    public byte[] update() {
        return update.clone();
    }

    @Override
    public String content() {
        return content(null);
    }

    @Override
    public synchronized String content(String format) {
        if (afterState == null) {
            afterState = after.get();
        }
        return bindings.byFormat(format).toJson(afterState);
    }

    @Override
    public String previousContent() {
        return previousContent(null);
    }

    @Override
    public synchronized String previousContent(String format) {
        return before == null ? null : bindings.byFormat(format).toJson(beforeState());
    }

    private synchronized byte[] beforeState() {
        if (beforeState == null) {
            beforeState = before.get();
        }
        return beforeState;
    }
}
