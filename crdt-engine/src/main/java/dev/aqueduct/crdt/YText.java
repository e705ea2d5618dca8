package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.JsValues;
import dev.aqueduct.crdt.lib0.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared rich text: a string with formatting attributes and embeds. Indexes are UTF-16 code units. */
public class YText extends AbstractType {
    /** Shared immutable empty attribute map; replaced by a real map before any write. */
    static final Map<String, Object> NO_ATTRS = java.util.Collections.emptyMap();

    public YText() { searchMarkers = new SearchMarker(this); }

    @Override AbstractType copyEmpty() { return new YText(); }

    @Override void writeTypeRef(UpdateEncoder e) { e.writeTypeRef(TEXT); }

    public int length() {
        requireDoc();
        return length;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Item n = start; n != null; n = n.right) {
            if (!n.isDeleted() && n.countable() && n.content instanceof ContentString) sb.append(((ContentString) n.content).chars());
        }
        return sb.toString();
    }

    @Override
    public String toJson() {
        StringBuilder sb = new StringBuilder();
        Json.quote(sb, toString());
        return sb.toString();
    }

    @Override
    void callObserver(Transaction tr, Set<String> parentSubs) {
        super.callObserver(tr, parentSubs);
        if (Events.wanted(this)) Events.callTypeObservers(this, tr, new YEvent.YTextEvent(this, tr, parentSubs));
        if (!tr.local && hasFormatting) tr.needFormattingCleanup = true;
    }

    // ---- positions ----

    static final class Pos {
        Item left, right;
        int index;
        Map<String, Object> currentAttributes;

        Pos(Item left, Item right, int index, Map<String, Object> attrs) {
            this.left = left;
            this.right = right;
            this.index = index;
            this.currentAttributes = attrs;
        }

        /** The attributes map for writing (positions start with a shared empty map). */
        Map<String, Object> mut() {
            if (currentAttributes == NO_ATTRS) currentAttributes = new LinkedHashMap<>();
            return currentAttributes;
        }

        void forward() {
            if (right == null) throw new IllegalStateException("unexpected end of text");
            if (right.content instanceof ContentFormat) {
                if (!right.isDeleted()) updateCurrentAttributes(mut(), (ContentFormat) right.content);
            } else if (!right.isDeleted()) {
                index += right.length;
            }
            left = right;
            right = right.right;
        }
    }

    static void updateCurrentAttributes(Map<String, Object> attrs, ContentFormat f) {
        if (f.value == null) attrs.remove(f.key);
        else attrs.put(f.key, f.value);
    }

    static boolean equalAttrs(Object a, Object b) {
        if (JsValues.strictEquals(a, b)) return true;
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> ma = (Map<?, ?>) a, mb = (Map<?, ?>) b;
            if (ma.size() != mb.size()) return false;
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !JsValues.strictEquals(e.getValue(), mb.get(e.getKey()))) return false;
            }
            return true;
        }
        if (a instanceof List && b instanceof List) {
            List<?> la = (List<?>) a, lb = (List<?>) b;
            if (la.size() != lb.size()) return false;
            for (int i = 0; i < la.size(); i++) if (!JsValues.strictEquals(la.get(i), lb.get(i))) return false;
            return true;
        }
        return false;
    }

    private static Pos findNextPosition(Transaction tr, Pos pos, int count) {
        while (pos.right != null && count > 0) {
            if (pos.right.content instanceof ContentFormat) {
                if (!pos.right.isDeleted()) updateCurrentAttributes(pos.mut(), (ContentFormat) pos.right.content);
            } else if (!pos.right.isDeleted()) {
                if (count < pos.right.length) tr.doc.store.getItemCleanStart(tr, new ID(pos.right.client, pos.right.clock + count));
                pos.index += pos.right.length;
                count -= pos.right.length;
            }
            pos.left = pos.right;
            pos.right = pos.right.right;
        }
        return pos;
    }

    private Pos findPosition(Transaction tr, int index, boolean useSearchMarker) {
        Map<String, Object> attrs = NO_ATTRS;
        int marker = useSearchMarker ? SearchMarker.find(this, index) : -1;
        if (marker >= 0) {
            Item mp = searchMarkers.p[marker];
            int mi = searchMarkers.index[marker];
            Pos pos = new Pos(mp.left, mp, mi, attrs);
            return findNextPosition(tr, pos, index - mi);
        }
        return findNextPosition(tr, new Pos(null, start, 0, attrs), index);
    }

    private Item newItem(Transaction tr, Item left, Item right, Content c) {
        return new Item(tr.doc.clientId, tr.nextClock(), left, left == null ? null : left.lastId(), right, right == null ? null : right.id(), this, null, c);
    }

    private void insertNegatedAttributes(Transaction tr, Pos pos, Map<String, Object> negated) {
        if (negated.isEmpty()) {
            while (pos.right != null && pos.right.isDeleted()) pos.forward();
            return;
        }
        while (pos.right != null && (pos.right.isDeleted() || (pos.right.content instanceof ContentFormat
            && negated.containsKey(((ContentFormat) pos.right.content).key)
            && equalAttrs(negated.get(((ContentFormat) pos.right.content).key), ((ContentFormat) pos.right.content).value)))) {
            if (!pos.right.isDeleted()) negated.remove(((ContentFormat) pos.right.content).key);
            pos.forward();
        }
        for (Map.Entry<String, Object> e : negated.entrySet()) {
            Item next = newItem(tr, pos.left, pos.right, new ContentFormat(e.getKey(), e.getValue()));
            next.integrate(tr, 0);
            pos.right = next;
            pos.forward();
        }
    }

    private static void minimizeAttributeChanges(Pos pos, Map<String, Object> attributes) {
        while (pos.right != null) {
            if (pos.right.isDeleted() || (pos.right.content instanceof ContentFormat
                && equalAttrs(attributes.get(((ContentFormat) pos.right.content).key), ((ContentFormat) pos.right.content).value))) {
                pos.forward();
            } else {
                break;
            }
        }
    }

    private Map<String, Object> insertAttributes(Transaction tr, Pos pos, Map<String, Object> attributes) {
        if (attributes.isEmpty()) return NO_ATTRS;
        Map<String, Object> negated = new LinkedHashMap<>();
        for (String key : JsValues.keyOrder(attributes)) {
            Object val = attributes.get(key);
            Object cur = pos.currentAttributes.get(key);
            if (!equalAttrs(cur, val)) {
                negated.put(key, cur);
                pos.right = newItem(tr, pos.left, pos.right, new ContentFormat(key, val));
                pos.right.integrate(tr, 0);
                pos.forward();
            }
        }
        return negated;
    }

    private void insertText(Transaction tr, Pos pos, Object text, Map<String, Object> attributes) {
        if (!pos.currentAttributes.isEmpty()) {
            if (attributes == NO_ATTRS) attributes = new LinkedHashMap<>();
            for (String key : pos.currentAttributes.keySet()) {
                if (!attributes.containsKey(key)) attributes.put(key, null);
            }
        }
        minimizeAttributeChanges(pos, attributes);
        Map<String, Object> negated = insertAttributes(tr, pos, attributes);
        Content content = text instanceof String ? new ContentString((String) text)
            : text instanceof AbstractType ? new ContentType((AbstractType) text) : new ContentEmbed(text);
        Item left = pos.left, right = pos.right;
        int index = pos.index;
        if (searchMarkers != null) searchMarkers.updateChanges(pos.index, content.length());
        right = newItem(tr, left, right, content);
        right.integrate(tr, 0);
        pos.right = right;
        pos.index = index;
        pos.forward();
        insertNegatedAttributes(tr, pos, negated);
    }

    private void formatText(Transaction tr, Pos pos, int len, Map<String, Object> attributes) {
        minimizeAttributeChanges(pos, attributes);
        Map<String, Object> negated = insertAttributes(tr, pos, attributes);
        loop:
        while (pos.right != null && (len > 0 || (!negated.isEmpty() && (pos.right.isDeleted() || pos.right.content instanceof ContentFormat)))) {
            if (!pos.right.isDeleted()) {
                if (pos.right.content instanceof ContentFormat) {
                    ContentFormat cf = (ContentFormat) pos.right.content;
                    if (attributes.containsKey(cf.key)) {
                        Object attr = attributes.get(cf.key);
                        if (equalAttrs(attr, cf.value)) {
                            negated.remove(cf.key);
                        } else {
                            if (len == 0) break loop;
                            negated.put(cf.key, cf.value);
                        }
                        pos.right.delete(tr);
                    } else {
                        pos.mut().put(cf.key, cf.value);
                    }
                } else {
                    if (len < pos.right.length) tr.doc.store.getItemCleanStart(tr, new ID(pos.right.client, pos.right.clock + len));
                    len -= pos.right.length;
                }
            }
            pos.forward();
        }
        if (len > 0) {
            StringBuilder nl = new StringBuilder();
            for (; len > 0; len--) nl.append('\n');
            pos.right = newItem(tr, pos.left, pos.right, new ContentString(nl.toString()));
            pos.right.integrate(tr, 0);
            pos.forward();
        }
        insertNegatedAttributes(tr, pos, negated);
    }

    private static int cleanupFormattingGap(Transaction tr, Item start, Item curr, Map<String, Object> startAttributes, Map<String, Object> currAttributes) {
        Item end = start;
        Map<String, ContentFormat> endFormats = new HashMap<>();
        while (end != null && (!end.countable() || end.isDeleted())) {
            if (!end.isDeleted() && end.content instanceof ContentFormat) {
                ContentFormat cf = (ContentFormat) end.content;
                endFormats.put(cf.key, cf);
            }
            end = end.right;
        }
        int cleanups = 0;
        boolean reachedCurr = false;
        while (start != end) {
            if (curr == start) reachedCurr = true;
            if (!start.isDeleted() && start.content instanceof ContentFormat) {
                ContentFormat cf = (ContentFormat) start.content;
                Object startAttrValue = startAttributes.get(cf.key);
                if (endFormats.get(cf.key) != cf || JsValues.strictEquals(startAttrValue, cf.value)) {
                    start.delete(tr);
                    cleanups++;
                    if (!reachedCurr && JsValues.strictEquals(currAttributes.get(cf.key), cf.value) && !JsValues.strictEquals(startAttrValue, cf.value)) {
                        if (startAttrValue == null) currAttributes.remove(cf.key);
                        else currAttributes.put(cf.key, startAttrValue);
                    }
                }
                if (!reachedCurr && !start.isDeleted()) updateCurrentAttributes(currAttributes, cf);
            }
            start = start.right;
        }
        return cleanups;
    }

    private static void cleanupContextlessFormattingGap(Transaction tr, Item item) {
        while (item != null && item.right != null && (item.right.isDeleted() || !item.right.countable())) item = item.right;
        Set<String> attrs = new HashSet<>();
        while (item != null && (item.isDeleted() || !item.countable())) {
            if (!item.isDeleted() && item.content instanceof ContentFormat) {
                String key = ((ContentFormat) item.content).key;
                if (attrs.contains(key)) item.delete(tr);
                else attrs.add(key);
            }
            item = item.left;
        }
    }

    /** Removes redundant formatting marks; returns how many were removed. */
    static int cleanupFormatting(AbstractType type) {
        int[] res = {0};
        type.doc.transact(null, true, tr -> {
            Item st = type.start, end = type.start;
            Map<String, Object> startAttributes = new LinkedHashMap<>();
            Map<String, Object> current = new LinkedHashMap<>(startAttributes);
            while (end != null) {
                if (!end.isDeleted()) {
                    if (end.content instanceof ContentFormat) {
                        updateCurrentAttributes(current, (ContentFormat) end.content);
                    } else {
                        res[0] += cleanupFormattingGap(tr, st, end, startAttributes, current);
                        startAttributes = new LinkedHashMap<>(current);
                        st = end;
                    }
                }
                end = end.right;
            }
        });
        return res[0];
    }

    static void cleanupAfterTransaction(Transaction transaction) {
        Set<AbstractType> needFullCleanup = new LinkedHashSet<>();
        YDoc d = transaction.doc;
        ClockVector av = transaction.afterState;
        for (int ai = 0; ai < av.size; ai++) {
            int clock = transaction.beforeStateOf(av.clients[ai]);
            int after = av.clocks[ai];
            if (after == clock) continue;
            StructList structs = d.store.clients.get(av.clients[ai]);
            d.store.iterateStructs(transaction, structs, clock, after, s -> {
                if (s instanceof Item && !s.isDeleted() && ((Item) s).content instanceof ContentFormat) {
                    needFullCleanup.add((AbstractType) ((Item) s).parent);
                }
            });
        }
        d.transact(null, true, t -> {
            for (Map.Entry<Long, DeleteSet.Ranges> e : transaction.deleteSet.clients.entrySet()) {
                StructList structs = d.store.clients.get(e.getKey());
                if (structs == null) continue;
                int state = structs.state();
                DeleteSet.Ranges r = e.getValue();
                for (int k = 0; k < r.size && r.clocks[k] < state; k++) {
                    d.store.iterateStructs(transaction, structs, r.clocks[k], r.lens[k], s -> {
                        if (!(s instanceof Item)) return;
                        Item item = (Item) s;
                        AbstractType parent = (AbstractType) item.parent;
                        if (!parent.hasFormatting || needFullCleanup.contains(parent)) return;
                        if (item.content instanceof ContentFormat) needFullCleanup.add(parent);
                        else cleanupContextlessFormattingGap(t, item);
                    });
                }
            }
            for (AbstractType yt : needFullCleanup) cleanupFormatting(yt);
        });
    }

    private void deleteText(Transaction tr, Pos pos, int len) {
        int startLength = len;
        Map<String, Object> startAttrs = mayHaveFormats ? new LinkedHashMap<>(pos.currentAttributes) : null;
        Item st = pos.right;
        while (len > 0 && pos.right != null) {
            if (!pos.right.isDeleted()) {
                Content c = pos.right.content;
                if (c instanceof ContentType || c instanceof ContentEmbed || c instanceof ContentString) {
                    if (len < pos.right.length) tr.doc.store.getItemCleanStart(tr, new ID(pos.right.client, pos.right.clock + len));
                    len -= pos.right.length;
                    pos.right.delete(tr);
                }
            }
            pos.forward();
        }
        // without any formatting mark in this text the cleanup cannot find anything to remove
        if (st != null && mayHaveFormats) cleanupFormattingGap(tr, st, pos.right, startAttrs, pos.mut());
        if (searchMarkers != null) searchMarkers.updateChanges(pos.index, -startLength + len);
    }

    // ---- public API ----

    public void insert(int index, String text) { insert(index, text, null); }

    public void insert(int index, String text, Map<String, Object> attributes) {
        if (text.length() <= 0) return;
        requireDoc();
        YDoc d = doc;
        Transaction tr = d.transaction;
        if (tr != null) {
            insertIn(tr, index, text, attributes);
            return;
        }
        tr = d.startTransaction(null, true);
        try {
            Pos pos = findPosition(tr, index, attributes == null);
            if (attributes == null && !mayHaveFormats && appendToLeft(tr, pos, text)) return;
            insertAt(tr, pos, text, attributes);
        } finally {
            d.endTransaction(tr);
        }
    }

    private void insertIn(Transaction tr, int index, String text, Map<String, Object> attributes) {
        insertAt(tr, findPosition(tr, index, attributes == null), text, attributes);
    }

    /**
     * Typing: a transaction of one plain insertion right after this client's last item. The new
     * item would be merged into that item when the transaction ends (see Item.mergeWith), so the
     * text is appended to it directly, unless someone could look at the transaction's items
     * before that merge (observers, after-transaction listeners). The encoded update, the final
     * structs and the search markers come out the same.
     */
    private boolean appendToLeft(Transaction tr, Pos pos, String text) {
        Item left = pos.left, right = pos.right;
        // a text without formatting marks: positioning only steps over deleted items
        while (right != null && right.isDeleted()) {
            left = right;
            right = right.right;
        }
        if (left == null || left.isDeleted() || left.redone != null || left.content.getClass() != ContentString.class) return false;
        YDoc d = tr.doc;
        if (left.client != d.clientId || left.clock + left.length != d.store.getState(left.client)) return false;
        ID ro = left.rightOrigin;
        if (right == null ? ro != null : ro == null || ro.client != right.client || ro.clock != right.clock) return false;
        if ((item != null && item.isDeleted()) || Events.wanted(this) || d.hasAfterTransactionListeners()) return false;
        int len = text.length();
        if (searchMarkers != null) searchMarkers.updateChanges(pos.index, len);
        ((ContentString) left.content).append(text);
        left.length += len;
        length += len;
        d.store.structsChanged();
        tr.addChangedType(this, null);
        return true;
    }

    private void insertAt(Transaction tr, Pos pos, String text, Map<String, Object> attributes) {
        Map<String, Object> attrs;
        if (attributes == null) attrs = pos.currentAttributes.isEmpty() ? NO_ATTRS : new LinkedHashMap<>(pos.currentAttributes);
        else attrs = new LinkedHashMap<>(attributes);
        insertText(tr, pos, text, attrs);
    }

    /** Inserts an embed (a JSON-like object) or a nested shared type. */
    public void insertEmbed(int index, Object embed, Map<String, Object> attributes) {
        transactLocal(tr -> {
            Pos pos = findPosition(tr, index, attributes == null);
            insertText(tr, pos, embed, attributes == null ? new LinkedHashMap<>() : new LinkedHashMap<>(attributes));
        });
    }

    public void insertEmbed(int index, Object embed) { insertEmbed(index, embed, null); }

    public void delete(int index, int len) {
        if (len == 0) return;
        requireDoc();
        YDoc d = doc;
        Transaction tr = d.transaction;
        if (tr != null) {
            deleteText(tr, findPosition(tr, index, true), len);
            return;
        }
        tr = d.startTransaction(null, true);
        try {
            deleteText(tr, findPosition(tr, index, true), len);
        } finally {
            d.endTransaction(tr);
        }
    }

    public void format(int index, int len, Map<String, Object> attributes) {
        if (len == 0) return;
        transactLocal(tr -> {
            Pos pos = findPosition(tr, index, false);
            if (pos.right == null) return;
            formatText(tr, pos, len, new LinkedHashMap<>(attributes));
        });
    }

    public void setAttribute(String name, Object value) { transactLocal(tr -> mapSet(tr, name, value)); }

    public void removeAttribute(String name) { transactLocal(tr -> mapDelete(tr, name)); }

    public Object getAttribute(String name) { return mapGet(name); }

    public Map<String, Object> getAttributes() { return mapGetAll(); }

    /**
     * Applies a Quill-style delta: a list of ops, each a map with "insert" (String, embed or type),
     * "retain" (int) or "delete" (int), and optional "attributes".
     */
    @SuppressWarnings("unchecked")
    public void applyDelta(List<Map<String, Object>> delta) {
        transactLocal(tr -> {
            Pos pos = new Pos(null, start, 0, new LinkedHashMap<>());
            for (Map<String, Object> op : delta) {
                Map<String, Object> attrs = op.get("attributes") instanceof Map ? new LinkedHashMap<>((Map<String, Object>) op.get("attributes")) : new LinkedHashMap<>();
                if (op.containsKey("insert")) {
                    Object ins = op.get("insert");
                    if (!(ins instanceof String) || ((String) ins).length() > 0) insertText(tr, pos, ins, attrs);
                } else if (op.containsKey("retain")) {
                    formatText(tr, pos, ((Number) op.get("retain")).intValue(), attrs);
                } else if (op.containsKey("delete")) {
                    deleteText(tr, pos, ((Number) op.get("delete")).intValue());
                }
            }
        });
    }

    /** The content as a delta: a list of {insert, attributes?} maps. */
    public List<Map<String, Object>> toDelta() { return toDelta(null, null); }

    List<Map<String, Object>> toDelta(Snapshot snapshot, Snapshot prevSnapshot) {
        List<Map<String, Object>> ops = new ArrayList<>();
        Map<String, Object> current = new LinkedHashMap<>();
        StringBuilder str = new StringBuilder();
        Runnable[] pack = new Runnable[1];
        pack[0] = () -> {
            if (str.length() > 0) {
                Map<String, Object> op = new LinkedHashMap<>();
                op.put("insert", str.toString());
                if (!current.isEmpty()) op.put("attributes", new LinkedHashMap<>(current));
                ops.add(op);
                str.setLength(0);
            }
        };
        Runnable compute = () -> {
            for (Item n = start; n != null; n = n.right) {
                if (Snapshot.isVisible(n, snapshot) || (prevSnapshot != null && Snapshot.isVisible(n, prevSnapshot))) {
                    if (n.content instanceof ContentString) {
                        Object cur = current.get("ychange");
                        if (snapshot != null && !Snapshot.isVisible(n, snapshot)) {
                            if (!sameYChange(cur, n.client, "removed")) {
                                pack[0].run();
                                Map<String, Object> yc = new LinkedHashMap<>();
                                yc.put("type", "removed");
                                current.put("ychange", yc);
                            }
                        } else if (prevSnapshot != null && !Snapshot.isVisible(n, prevSnapshot)) {
                            if (!sameYChange(cur, n.client, "added")) {
                                pack[0].run();
                                Map<String, Object> yc = new LinkedHashMap<>();
                                yc.put("type", "added");
                                current.put("ychange", yc);
                            }
                        } else if (cur != null) {
                            pack[0].run();
                            current.remove("ychange");
                        }
                        str.append(((ContentString) n.content).chars());
                    } else if (n.content instanceof ContentType || n.content instanceof ContentEmbed) {
                        pack[0].run();
                        Map<String, Object> op = new LinkedHashMap<>();
                        op.put("insert", n.content.values().get(0));
                        if (!current.isEmpty()) op.put("attributes", new LinkedHashMap<>(current));
                        ops.add(op);
                    } else if (n.content instanceof ContentFormat) {
                        if (Snapshot.isVisible(n, snapshot)) {
                            pack[0].run();
                            updateCurrentAttributes(current, (ContentFormat) n.content);
                        }
                    }
                }
            }
            pack[0].run();
        };
        if (snapshot != null || prevSnapshot != null) {
            doc.transact("cleanup", true, tr -> {
                if (snapshot != null) Snapshot.splitAffectedStructs(tr, snapshot);
                if (prevSnapshot != null) Snapshot.splitAffectedStructs(tr, prevSnapshot);
                compute.run();
            });
        } else {
            compute.run();
        }
        return ops;
    }

    /** Mirrors Yjs: a new op starts unless the current ychange has the same user and type. */
    private static boolean sameYChange(Object cur, long client, String type) {
        if (!(cur instanceof Map)) return false;
        Object user = ((Map<?, ?>) cur).get("user");
        return user instanceof Number && ((Number) user).longValue() == client && type.equals(((Map<?, ?>) cur).get("type"));
    }

    /** The delta as JSON text (same as {@code JSON.stringify(ytext.toDelta())}). */
    public String toDeltaJson() {
        StringBuilder sb = new StringBuilder();
        List<Map<String, Object>> d = toDelta();
        sb.append('[');
        for (int i = 0; i < d.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : d.get(i).entrySet()) {
                if (!first) sb.append(',');
                first = false;
                Json.quote(sb, e.getKey());
                sb.append(':');
                valueJson(sb, e.getValue());
            }
            sb.append('}');
        }
        return sb.append(']').toString();
    }
}
