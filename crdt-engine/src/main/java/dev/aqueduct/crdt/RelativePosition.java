package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import dev.aqueduct.crdt.lib0.Lib0Writer;
import java.util.Objects;

/**
 * A position that stays attached to content while others edit (Yjs RelativePosition): it names
 * the item to its right (or the type, for positions at the end) instead of an index.
 */
public final class RelativePosition {
    /** The id of the item of the parent type, when the type is nested. */
    public final ID type;
    /** The root name, when the type is a root type. */
    public final String tname;
    /** The id of the character or element to the right (null: end of the type). */
    public final ID item;
    /** Association: &gt;= 0 sticks to the right item, &lt; 0 to the left one. */
    public final int assoc;

    public RelativePosition(ID type, String tname, ID item, int assoc) {
        this.type = type;
        this.tname = tname;
        this.item = item;
        this.assoc = assoc;
    }

    /** An index resolved in a document: the type plus the index in it. */
    public static final class Absolute {
        public final AbstractType type;
        public final int index;
        public final int assoc;

        Absolute(AbstractType type, int index, int assoc) {
            this.type = type;
            this.index = index;
            this.assoc = assoc;
        }
    }

    private static RelativePosition create(AbstractType type, ID item, int assoc) {
        if (type.item == null) return new RelativePosition(null, type.rootName(), item, assoc);
        return new RelativePosition(new ID(type.item.client, type.item.clock), null, item, assoc);
    }

    public static RelativePosition fromTypeIndex(AbstractType type, int index) { return fromTypeIndex(type, index, 0); }

    public static RelativePosition fromTypeIndex(AbstractType type, int index, int assoc) {
        Item t = type.start;
        if (assoc < 0) {
            if (index == 0) return create(type, null, assoc);
            index--;
        }
        while (t != null) {
            if (!t.isDeleted() && t.countable()) {
                if (t.length > index) return create(type, new ID(t.client, t.clock + index), assoc);
                index -= t.length;
            }
            if (t.right == null && assoc < 0) return create(type, t.lastId(), assoc);
            t = t.right;
        }
        return create(type, null, assoc);
    }

    public byte[] encode() {
        Lib0Writer w = new Lib0Writer();
        if (item != null) {
            w.writeVarUint(0);
            w.writeVarUint(item.client);
            w.writeVarUint(item.clock);
        } else if (tname != null) {
            w.writeByte(1);
            w.writeVarString(tname);
        } else if (type != null) {
            w.writeByte(2);
            w.writeVarUint(type.client);
            w.writeVarUint(type.clock);
        } else {
            throw new IllegalStateException("empty relative position");
        }
        w.writeVarInt(assoc);
        return w.toByteArray();
    }

    public static RelativePosition decode(byte[] b) {
        Lib0Reader r = new Lib0Reader(b);
        ID type = null, item = null;
        String tname = null;
        long kind = r.readVarUint();
        if (kind == 0) item = new ID(r.readVarUint(), UpdateDecoder.toInt(r.readVarUint()));
        else if (kind == 1) tname = r.readVarString();
        else if (kind == 2) type = new ID(r.readVarUint(), UpdateDecoder.toInt(r.readVarUint()));
        long assoc = r.hasContent() ? r.readVarInt() : 0;
        if (assoc < Integer.MIN_VALUE || assoc > Integer.MAX_VALUE) throw new DecodingException("assoc out of range");
        return new RelativePosition(type, tname, item, (int) assoc);
    }

    /** Follows redone items (after undo/redo) starting at {@code id}; returns {item, diff}. */
    static Object[] followRedone(StructStore store, ID id) {
        ID next = id;
        int diff = 0;
        AbstractStruct s;
        do {
            if (diff > 0) next = new ID(next.client, next.clock + diff);
            s = store.find(next);
            diff = next.clock - s.clock;
            next = s instanceof Item ? ((Item) s).redone : null;
        } while (next != null && s instanceof Item);
        return new Object[] {s, diff};
    }

    /** Resolves this position in a document, or returns null when it cannot be resolved (yet). */
    public Absolute toAbsolute(YDoc doc) { return toAbsolute(doc, true); }

    public Absolute toAbsolute(YDoc doc, boolean followUndoneDeletions) {
        StructStore store = doc.store;
        AbstractType t;
        int index = 0;
        if (item != null) {
            if (store.getState(item.client) <= item.clock) return null;
            Object[] res;
            if (followUndoneDeletions) {
                res = followRedone(store, item);
            } else {
                AbstractStruct s = store.find(item);
                res = new Object[] {s, item.clock - s.clock};
            }
            if (!(res[0] instanceof Item)) return null;
            Item right = (Item) res[0];
            t = (AbstractType) right.parent;
            if (t.item == null || !t.item.isDeleted()) {
                index = (right.isDeleted() || !right.countable()) ? 0 : ((Integer) res[1] + (assoc >= 0 ? 0 : 1));
                for (Item n = right.left; n != null; n = n.left) {
                    if (!n.isDeleted() && n.countable()) index += n.length;
                }
            }
        } else {
            if (tname != null) {
                t = doc.getOrCreateRoot(tname);
            } else if (type != null) {
                if (store.getState(type.client) <= type.clock) return null;
                AbstractStruct s = followUndoneDeletions ? (AbstractStruct) followRedone(store, type)[0] : store.find(type);
                if (s instanceof Item && ((Item) s).content instanceof ContentType) t = ((ContentType) ((Item) s).content).type;
                else return null;
            } else {
                throw new IllegalStateException("empty relative position");
            }
            index = assoc >= 0 ? t.length : 0;
        }
        return new Absolute(t, index, assoc);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RelativePosition)) return false;
        RelativePosition r = (RelativePosition) o;
        return Objects.equals(tname, r.tname) && Objects.equals(item, r.item) && Objects.equals(type, r.type) && assoc == r.assoc;
    }

    @Override
    public int hashCode() { return Objects.hash(tname, item, type, assoc); }

    /** JSON like Yjs' relativePositionToJSON. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        if (type != null) sb.append("\"type\":{\"client\":").append(type.client).append(",\"clock\":").append(type.clock).append("},");
        if (tname != null) {
            sb.append("\"tname\":");
            dev.aqueduct.crdt.lib0.Json.quote(sb, tname);
            sb.append(',');
        }
        if (item != null) sb.append("\"item\":{\"client\":").append(item.client).append(",\"clock\":").append(item.clock).append("},");
        sb.append("\"assoc\":").append(assoc);
        return sb.append('}').toString();
    }
}
