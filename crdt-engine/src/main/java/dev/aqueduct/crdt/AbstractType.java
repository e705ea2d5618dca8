package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Base of all shared types: a list of items plus a map of keyed items. */
public abstract class AbstractType {
    Item item;
    Map<String, Item> map = new LinkedHashMap<>();
    Item start;
    YDoc doc;
    int length;
    /** Set once a formatting mark was integrated (used by the text cleanup, as in Yjs). */
    boolean hasFormatting;
    /** True once any formatting mark was integrated here (unlike hasFormatting, survives type conversion). */
    boolean mayHaveFormats;
    SearchMarker searchMarkers;
    final List<Consumer<YEvent>> observers = new ArrayList<>();
    final List<java.util.function.BiConsumer<List<YEvent>, Transaction>> deepObservers = new ArrayList<>();

    static final int ARRAY = 0, MAP = 1, TEXT = 2, XML_ELEMENT = 3, XML_FRAGMENT = 4, XML_HOOK = 5, XML_TEXT = 6;

    /** A root type that was referenced by an update before the application asked for it. */
    static final class Generic extends AbstractType {
        @Override AbstractType copyEmpty() { return new Generic(); }
        @Override void writeTypeRef(UpdateEncoder e) { throw new IllegalStateException("generic type cannot be written"); }
        @Override public String toJson() { return "null"; }
    }

    static AbstractType readType(UpdateDecoder d) {
        int ref = d.readTypeRef();
        switch (ref) {
            case ARRAY: return new YArray();
            case MAP: return new YMap();
            case TEXT: return new YText();
            case XML_ELEMENT: return new YXmlElement(d.readKey());
            case XML_FRAGMENT: return new YXmlFragment();
            case XML_HOOK: return new YXmlHook(d.readKey());
            case XML_TEXT: return new YXmlText();
            default: throw new DecodingException("unknown type ref " + ref);
        }
    }

    void integrate(YDoc y, Item item) {
        this.doc = y;
        this.item = item;
    }

    abstract AbstractType copyEmpty();

    abstract void writeTypeRef(UpdateEncoder e);

    /** JSON text equal (after parsing) to {@code JSON.stringify(type.toJSON())} in Yjs. */
    public abstract String toJson();

    public YDoc doc() { return doc; }

    /** The type this one is nested in, or null for a root type. */
    public AbstractType parent() { return item == null ? null : (AbstractType) item.parent; }

    String rootName() {
        for (Map.Entry<String, AbstractType> e : doc.share.entrySet()) {
            if (e.getValue() == this) return e.getKey();
        }
        throw new IllegalStateException("root type not found");
    }

    Item first() {
        Item n = start;
        while (n != null && n.isDeleted()) n = n.right;
        return n;
    }

    public void observe(Consumer<YEvent> f) { observers.add(f); }

    public void unobserve(Consumer<YEvent> f) { observers.remove(f); }

    public void observeDeep(java.util.function.BiConsumer<List<YEvent>, Transaction> f) { deepObservers.add(f); }

    public void unobserveDeep(java.util.function.BiConsumer<List<YEvent>, Transaction> f) { deepObservers.remove(f); }

    void callObserver(Transaction tr, java.util.Set<String> parentSubs) {
        if (!tr.local && searchMarkers != null) searchMarkers.clear();
    }

    void requireDoc() {
        if (doc == null) throw new IllegalStateException("Invalid access: add this type to a document before reading or writing it");
    }

    void transactLocal(Consumer<Transaction> f) {
        requireDoc();
        doc.transact(null, true, f);
    }

    /** The type of the next (or previous) item beside this type in its parent, or null. */
    AbstractType siblingType(boolean next) {
        Item n = item == null ? null : (next ? item.next() : item.prev());
        return n == null ? null : ((ContentType) n.content).type;
    }

    // ---- list helpers ----

    List<Object> listToArray() {
        List<Object> cs = new ArrayList<>();
        for (Item n = start; n != null; n = n.right) {
            if (n.countable() && !n.isDeleted()) cs.addAll(n.content.values());
        }
        return cs;
    }

    Object listGet(int index) {
        int marker = SearchMarker.find(this, index);
        Item n = start;
        if (marker >= 0) {
            n = searchMarkers.p[marker];
            index -= searchMarkers.index[marker];
        }
        for (; n != null; n = n.right) {
            if (!n.isDeleted() && n.countable()) {
                if (index < n.length) return n.content.values().get(index);
                index -= n.length;
            }
        }
        return null;
    }

    static boolean isAnyValue(Object c) {
        return c == null || c instanceof Number || c instanceof Boolean || c instanceof String
            || c instanceof Map || c instanceof List || c instanceof Object[] || c instanceof dev.aqueduct.crdt.lib0.Undefined;
    }

    void listInsertAfter(Transaction tr, Item referenceItem, Collection<?> content) {
        Item left = referenceItem;
        YDoc d = tr.doc;
        Item right = referenceItem == null ? start : referenceItem.right;
        List<Object> json = new ArrayList<>();
        for (Object c : content) {
            if (isAnyValue(c)) {
                json.add(c);
                continue;
            }
            left = packJson(tr, left, right, json);
            Content ct;
            if (c instanceof byte[]) ct = new ContentBinary(((byte[]) c).clone());
            else if (c instanceof YDoc) ct = new ContentDoc((YDoc) c);
            else if (c instanceof AbstractType) ct = new ContentType((AbstractType) c);
            else throw new IllegalArgumentException("Unexpected content type in insert operation: " + c.getClass());
            ID id = tr.nextId();
            left = new Item(id.client, id.clock, left, left == null ? null : left.lastId(), right, right == null ? null : right.id(), this, null, ct);
            left.integrate(tr, 0);
        }
        packJson(tr, left, right, json);
    }

    private Item packJson(Transaction tr, Item left, Item right, List<Object> json) {
        if (json.isEmpty()) return left;
        ID id = tr.nextId();
        Item n = new Item(id.client, id.clock, left, left == null ? null : left.lastId(), right, right == null ? null : right.id(), this, null, new ContentAny(new ArrayList<>(json)));
        n.integrate(tr, 0);
        json.clear();
        return n;
    }

    void listInsert(Transaction tr, int index, Collection<?> content) {
        if (index > length) throw new IndexOutOfBoundsException("Length exceeded!");
        if (index == 0) {
            if (searchMarkers != null) searchMarkers.updateChanges(index, content.size());
            listInsertAfter(tr, null, content);
            return;
        }
        int startIndex = index;
        int marker = SearchMarker.find(this, index);
        Item n = start;
        if (marker >= 0) {
            n = searchMarkers.p[marker];
            index -= searchMarkers.index[marker];
            if (index == 0) {
                n = n.prev();
                index += (n != null && n.countable() && !n.isDeleted()) ? n.length : 0;
            }
        }
        for (; n != null; n = n.right) {
            if (!n.isDeleted() && n.countable()) {
                if (index <= n.length) {
                    if (index < n.length) tr.doc.store.getItemCleanStart(tr, new ID(n.client, n.clock + index));
                    break;
                }
                index -= n.length;
            }
        }
        if (searchMarkers != null) searchMarkers.updateChanges(startIndex, content.size());
        listInsertAfter(tr, n, content);
    }

    void listPush(Transaction tr, Collection<?> content) {
        Item n = start;
        int best = 0;
        if (searchMarkers != null) {
            for (int i = 0; i < searchMarkers.size; i++) {
                if (searchMarkers.index[i] > best) {
                    best = searchMarkers.index[i];
                    n = searchMarkers.p[i];
                }
            }
        }
        if (n != null) while (n.right != null) n = n.right;
        listInsertAfter(tr, n, content);
    }

    void listDelete(Transaction tr, int index, int len) {
        if (len == 0) return;
        int startIndex = index, startLength = len;
        int marker = SearchMarker.find(this, index);
        Item n = start;
        if (marker >= 0) {
            n = searchMarkers.p[marker];
            index -= searchMarkers.index[marker];
        }
        for (; n != null && index > 0; n = n.right) {
            if (!n.isDeleted() && n.countable()) {
                if (index < n.length) tr.doc.store.getItemCleanStart(tr, new ID(n.client, n.clock + index));
                index -= n.length;
            }
        }
        while (len > 0 && n != null) {
            if (!n.isDeleted()) {
                if (len < n.length) tr.doc.store.getItemCleanStart(tr, new ID(n.client, n.clock + len));
                n.delete(tr);
                len -= n.length;
            }
            n = n.right;
        }
        if (len > 0) throw new IndexOutOfBoundsException("Length exceeded!");
        if (searchMarkers != null) searchMarkers.updateChanges(startIndex, -startLength + len);
    }

    // ---- map helpers ----

    void mapDelete(Transaction tr, String key) {
        Item c = map.get(key);
        if (c != null) c.delete(tr);
    }

    void mapSet(Transaction tr, String key, Object value) {
        Item left = map.get(key);
        Content content;
        if (isAnyValue(value) || value instanceof java.math.BigInteger) {
            List<Object> l = new ArrayList<>(1);
            l.add(value);
            content = new ContentAny(l);
        } else if (value instanceof byte[]) {
            content = new ContentBinary((byte[]) value);
        } else if (value instanceof YDoc) {
            content = new ContentDoc((YDoc) value);
        } else if (value instanceof AbstractType) {
            content = new ContentType((AbstractType) value);
        } else {
            throw new IllegalArgumentException("Unexpected content type: " + value.getClass());
        }
        ID id = tr.nextId();
        new Item(id.client, id.clock, left, left == null ? null : left.lastId(), null, null, this, key, content).integrate(tr, 0);
    }

    Object mapGet(String key) {
        Item v = map.get(key);
        if (v == null || v.isDeleted()) return null;
        List<Object> vals = v.content.values();
        return vals.size() < v.length ? null : vals.get(v.length - 1);
    }

    boolean mapHas(String key) {
        Item v = map.get(key);
        return v != null && !v.isDeleted();
    }

    Map<String, Object> mapGetAll() {
        Map<String, Object> res = new LinkedHashMap<>();
        for (Map.Entry<String, Item> e : map.entrySet()) {
            Item v = e.getValue();
            if (v.isDeleted()) continue;
            List<Object> vals = v.content.values();
            res.put(e.getKey(), vals.size() < v.length ? dev.aqueduct.crdt.lib0.Undefined.INSTANCE : vals.get(v.length - 1));
        }
        return res;
    }

    /** JSON of a value held in a type: nested types serialize themselves. */
    static void valueJson(StringBuilder sb, Object v) {
        if (v instanceof AbstractType) sb.append(((AbstractType) v).toJson());
        else if (v instanceof YDoc) sb.append(((YDoc) v).toJson());
        else Json.write(sb, v);
    }

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder();
        Json.quote(sb, s);
        return sb.toString();
    }
}
