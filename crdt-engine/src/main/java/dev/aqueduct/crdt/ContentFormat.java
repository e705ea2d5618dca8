package dev.aqueduct.crdt;

import java.util.List;

/** A formatting mark in a text: attribute {@code key} becomes {@code value} (null ends it). */
final class ContentFormat extends Content {
    final String key;
    final Object value;

    ContentFormat(String key, Object value) {
        this.key = key;
        this.value = value;
    }

    @Override int length() { return 1; }
    @Override boolean isCountable() { return false; }
    @Override List<Object> values() { return List.of(); }
    @Override Content copy() { return new ContentFormat(key, value); }
    @Override Content splice(int offset) { throw new UnsupportedOperationException(); }
    @Override boolean mergeWith(Content right) { return false; }

    @Override
    void integrate(Transaction tr, Item item) {
        AbstractType p = (AbstractType) item.parent;
        p.searchMarkers = null;
        p.hasFormatting = true;
        p.mayHaveFormats = true;
    }

    @Override
    void write(UpdateEncoder e, int offset) {
        e.writeKey(key);
        e.writeJson(value);
    }

    @Override int ref() { return FORMAT; }
}
