package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.List;

/** A nested shared type. */
final class ContentType extends Content {
    final AbstractType type;

    ContentType(AbstractType type) { this.type = type; }

    @Override int length() { return 1; }
    @Override boolean isCountable() { return true; }
    @Override List<Object> values() { return List.of(type); }
    @Override Content copy() { return new ContentType(type.copyEmpty()); }
    @Override Content splice(int offset) { throw new UnsupportedOperationException(); }
    @Override boolean mergeWith(Content right) { return false; }

    @Override
    void integrate(Transaction tr, Item item) { type.integrate(tr.doc, item); }

    @Override
    void delete(Transaction tr) {
        for (Item item = type.start; item != null; item = item.right) {
            if (!item.isDeleted()) item.delete(tr);
            else if (item.clock < tr.beforeStateOf(item.client)) tr.addMergeStruct(item);
        }
        for (Item item : type.map.values()) {
            if (!item.isDeleted()) item.delete(tr);
            else if (item.clock < tr.beforeStateOf(item.client)) tr.addMergeStruct(item);
        }
        tr.removeChangedType(type);
    }

    @Override
    void gc(StructStore store) {
        for (Item item = type.start; item != null; item = item.right) item.gc(store, true);
        type.start = null;
        for (Item item : new ArrayList<>(type.map.values())) {
            for (Item i = item; i != null; i = i.left) i.gc(store, true);
        }
        type.map = new java.util.LinkedHashMap<>();
    }

    @Override void write(UpdateEncoder e, int offset) { type.writeTypeRef(e); }
    @Override int ref() { return TYPE; }
}
