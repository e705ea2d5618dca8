package dev.aqueduct.crdt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sub-document, identified by its guid plus creation options. */
final class ContentDoc extends Content {
    final YDoc doc;
    final Map<String, Object> opts;

    ContentDoc(YDoc doc) {
        this.doc = doc;
        Map<String, Object> o = new LinkedHashMap<>();
        if (!doc.gc) o.put("gc", false);
        if (doc.autoLoad) o.put("autoLoad", true);
        if (doc.meta != null) o.put("meta", doc.meta);
        this.opts = o;
    }

    ContentDoc(YDoc doc, Map<String, Object> opts) {
        this.doc = doc;
        this.opts = opts;
    }

    @SuppressWarnings("unchecked")
    static ContentDoc read(UpdateDecoder d) {
        String guid = d.readString();
        Object o = d.readAny();
        Map<String, Object> opts = o instanceof Map ? (Map<String, Object>) o : new LinkedHashMap<>();
        return new ContentDoc(YDoc.fromOpts(guid, opts), opts);
    }

    @Override int length() { return 1; }
    @Override boolean isCountable() { return true; }
    @Override List<Object> values() { return List.of(doc); }
    @Override Content copy() { return new ContentDoc(YDoc.fromOpts(doc.guid(), opts), opts); }
    @Override Content splice(int offset) { throw new UnsupportedOperationException(); }
    @Override boolean mergeWith(Content right) { return false; }

    @Override
    void integrate(Transaction tr, Item item) {
        doc.item = item;
        tr.subdocsAdded().add(doc);
        if (doc.shouldLoad) tr.subdocsLoaded().add(doc);
    }

    @Override
    void delete(Transaction tr) {
        if (!tr.subdocsAdded.remove(doc)) tr.subdocsRemoved().add(doc);
    }

    @Override
    void write(UpdateEncoder e, int offset) {
        e.writeString(doc.guid());
        e.writeAny(opts);
    }

    @Override int ref() { return DOC; }
}
