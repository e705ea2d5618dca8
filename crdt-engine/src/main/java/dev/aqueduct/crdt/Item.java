package dev.aqueduct.crdt;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** An operation with content, linked into the list of its parent type. */
final class Item extends AbstractStruct {
    private static final int KEEP = 1, COUNTABLE = 2, DELETED = 4, MARKER = 8;
    /** Bits 4 to 11 of info count the search markers pointing at this item (at most 80). */
    private static final int MARKER_REF = 1 << 4, MARKER_REFS = 0xFF << 4;

    ID origin;
    Item left;
    Item right;
    ID rightOrigin;
    /** An {@link AbstractType} once integrated; before that possibly a root name (String) or an {@link ID}. */
    Object parent;
    String parentSub;
    ID redone;
    Content content;
    int info;

    Item(long client, int clock, Item left, ID origin, Item right, ID rightOrigin, Object parent, String parentSub, Content content) {
        super(client, clock, content.length());
        this.origin = origin;
        this.left = left;
        this.right = right;
        this.rightOrigin = rightOrigin;
        this.parent = parent;
        this.parentSub = parentSub;
        this.content = content;
        this.info = content.isCountable() ? COUNTABLE : 0;
    }

    boolean marker() { return (info & MARKER) != 0; }

    void marker(boolean m) { info = m ? info | MARKER : info & ~MARKER; }

    int markerRefs() { return (info & MARKER_REFS) >>> 4; }

    void addMarkerRef() { info += MARKER_REF; }

    void removeMarkerRef() { info -= MARKER_REF; }

    boolean keep() { return (info & KEEP) != 0; }

    void keep(boolean k) { info = k ? info | KEEP : info & ~KEEP; }

    boolean countable() { return (info & COUNTABLE) != 0; }

    @Override
    boolean isDeleted() { return (info & DELETED) != 0; }

    void markDeleted() { info |= DELETED; }

    AbstractType parentType() { return (AbstractType) parent; }

    ID lastId() { return length == 1 ? new ID(client, clock) : new ID(client, clock + length - 1); }

    /** The next item to the right that is not deleted. */
    Item next() {
        Item n = right;
        while (n != null && n.isDeleted()) n = n.right;
        return n;
    }

    Item prev() {
        Item n = left;
        while (n != null && n.isDeleted()) n = n.left;
        return n;
    }

    @Override
    long getMissing(Transaction tr, StructStore store) {
        if (origin != null && origin.client != client && origin.clock >= store.getState(origin.client)) return origin.client;
        if (rightOrigin != null && rightOrigin.client != client && rightOrigin.clock >= store.getState(rightOrigin.client)) return rightOrigin.client;
        if (parent instanceof ID) {
            ID p = (ID) parent;
            if (p.client != client && p.clock >= store.getState(p.client)) return p.client;
        }
        AbstractStruct l = null, r = null;
        if (origin != null) {
            l = store.getItemCleanEnd(tr, origin);
            if (origin.clock != l.clock + l.length - 1) origin = new ID(l.client, l.clock + l.length - 1);
            left = l instanceof Item ? (Item) l : null;
        }
        if (rightOrigin != null) {
            r = store.getItemCleanStart(tr, rightOrigin);
            if (rightOrigin.clock != r.clock) rightOrigin = r.id();
            right = r instanceof Item ? (Item) r : null;
        }
        if (l instanceof GC || r instanceof GC) {
            parent = null;
        } else if (parent == null) {
            if (left != null) {
                parent = left.parent;
                parentSub = left.parentSub;
            } else if (right != null) {
                parent = right.parent;
                parentSub = right.parentSub;
            }
        } else if (parent instanceof ID) {
            AbstractStruct p = store.find((ID) parent);
            if (p instanceof Item && ((Item) p).content instanceof ContentType) {
                parent = ((ContentType) ((Item) p).content).type;
            } else {
                parent = null;
            }
        } else if (parent instanceof String) {
            parent = tr.doc.getOrCreateRoot((String) parent);
        }
        return -1;
    }

    @Override
    void integrate(Transaction tr, int offset) {
        StructStore store = tr.doc.store;
        if (offset > 0) {
            clock += offset;
            left = (Item) store.getItemCleanEnd(tr, new ID(client, clock - 1));
            origin = left.lastId();
            content = content.splice(offset);
            length -= offset;
        }
        if (parent instanceof String) parent = tr.doc.getOrCreateRoot((String) parent);
        if (parent instanceof AbstractType) {
            AbstractType p = (AbstractType) parent;
            if ((left == null && (right == null || right.left != null)) || (left != null && left.right != right)) {
                Item l = left;
                Item o;
                if (l != null) {
                    o = l.right;
                } else if (parentSub != null) {
                    o = p.map.get(parentSub);
                    while (o != null && o.left != null) o = o.left;
                } else {
                    o = p.start;
                }
                Set<Item> conflicting = Collections.newSetFromMap(new IdentityHashMap<>());
                Set<Item> beforeOrigin = Collections.newSetFromMap(new IdentityHashMap<>());
                while (o != null && o != right) {
                    beforeOrigin.add(o);
                    conflicting.add(o);
                    if (ID.equal(origin, o.origin)) {
                        if (o.client < client) {
                            l = o;
                            conflicting.clear();
                        } else if (ID.equal(rightOrigin, o.rightOrigin)) {
                            break;
                        }
                    } else if (o.origin != null) {
                        AbstractStruct oo = store.find(o.origin);
                        if (beforeOrigin.contains(oo)) {
                            if (!conflicting.contains(oo)) {
                                l = o;
                                conflicting.clear();
                            }
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                    o = o.right;
                }
                left = l;
            }
            if (parentSub == null && left != null && left.right == right && appendsTo(left, tr, p)) return;
            if (left != null) {
                right = left.right;
                left.right = this;
            } else {
                Item r;
                if (parentSub != null) {
                    r = p.map.get(parentSub);
                    while (r != null && r.left != null) r = r.left;
                } else {
                    r = p.start;
                    p.start = this;
                }
                right = r;
            }
            if (right != null) {
                right.left = this;
            } else if (parentSub != null) {
                p.map.put(parentSub, this);
                if (left != null) left.delete(tr);
            }
            if (parentSub == null && countable() && !isDeleted()) p.length += length;
            store.addStruct(this);
            content.integrate(tr, this);
            tr.addChangedType(p, parentSub);
            if ((p.item != null && p.item.isDeleted()) || (parentSub != null && right != null)) delete(tr);
        } else {
            new GC(client, clock, length).integrate(tr, 0);
        }
    }

    /**
     * Remote typing: a string item right after the last item of its own client, which the end of
     * the transaction would merge into that item (see {@link #mergeWith}), is appended to it at
     * once, unless observers or after-transaction listeners could see the items before that.
     */
    private boolean appendsTo(Item l, Transaction tr, AbstractType p) {
        if (l.client != client || l.clock + l.length != clock || l.isDeleted() || l.redone != null || redone != null) return false;
        if (origin == null || origin.client != client || origin.clock != clock - 1 || !ID.equal(l.rightOrigin, rightOrigin)) return false;
        if (content.getClass() != ContentString.class || l.content.getClass() != ContentString.class) return false;
        if ((p.item != null && p.item.isDeleted()) || Events.wanted(p) || tr.doc.hasAfterTransactionListeners()) return false;
        ((ContentString) l.content).append(((ContentString) content).chars());
        l.length += length;
        p.length += length;
        tr.doc.store.structsChanged();
        tr.addChangedType(p, null);
        return true;
    }

    @Override
    boolean mergeWith(AbstractStruct r) {
        if (!(r instanceof Item)) return false;
        Item right = (Item) r;
        // cheap checks on the two items first; the conditions are those of Yjs
        if (this.right == right
            && client == right.client
            && clock + length == right.clock
            && isDeleted() == right.isDeleted()
            && right.origin != null && right.origin.client == client && right.origin.clock == clock + length - 1
            && ID.equal(rightOrigin, right.rightOrigin)
            && redone == null && right.redone == null
            && content.getClass() == right.content.getClass()
            && content.mergeWith(right.content)) {
            AbstractType p = (AbstractType) parent;
            // Yjs moves every marker on the right item, whatever its flag says
            if ((right.info & MARKER_REFS) != 0 && p.searchMarkers != null) p.searchMarkers.merged(this, right);
            if (right.keep()) keep(true);
            this.right = right.right;
            if (this.right != null) this.right.left = this;
            length += right.length;
            return true;
        }
        return false;
    }

    void delete(Transaction tr) {
        if (!isDeleted()) {
            AbstractType p = (AbstractType) parent;
            if (countable() && parentSub == null) p.length -= length;
            if ((info & MARKER) != 0 && p.searchMarkers != null) p.searchMarkers.itemDeleted();
            markDeleted();
            tr.deleteSet.add(client, clock, length);
            tr.addChangedType(p, parentSub);
            content.delete(tr);
        }
    }

    void gc(StructStore store, boolean parentGCd) {
        if (!isDeleted()) throw new IllegalStateException("gc of an item that is not deleted");
        content.gc(store);
        if (parentGCd) {
            store.replaceStruct(this, new GC(client, clock, length));
        } else if (!(content instanceof ContentDeleted) || content.length() != length) {
            content = new ContentDeleted(length);
        }
    }

    @Override
    void write(UpdateEncoder e, int offset) {
        boolean hasOrigin = offset > 0 || origin != null;
        int inf = (content.ref() & 0x1F) | (hasOrigin ? 0x80 : 0) | (rightOrigin == null ? 0 : 0x40) | (parentSub == null ? 0 : 0x20);
        e.writeInfo(inf);
        if (offset > 0) e.writeLeftId(client, clock + offset - 1);
        else if (origin != null) e.writeLeftId(origin);
        if (rightOrigin != null) e.writeRightId(rightOrigin);
        if (!hasOrigin && rightOrigin == null) {
            if (parent instanceof AbstractType) {
                AbstractType p = (AbstractType) parent;
                if (p.item == null) {
                    e.writeParentInfo(true);
                    e.writeString(p.rootName());
                } else {
                    e.writeParentInfo(false);
                    e.writeLeftId(p.item.id());
                }
            } else if (parent instanceof String) {
                e.writeParentInfo(true);
                e.writeString((String) parent);
            } else if (parent instanceof ID) {
                e.writeParentInfo(false);
                e.writeLeftId((ID) parent);
            } else {
                throw new IllegalStateException("item without parent");
            }
            if (parentSub != null) e.writeString(parentSub);
        }
        content.write(e, offset);
    }

    /** Splits this item at {@code diff}; returns the new right part. */
    Item split(Transaction tr, int diff) {
        Item r = new Item(client, clock + diff, this, new ID(client, clock + diff - 1), right, rightOrigin, parent, parentSub, content.splice(diff));
        if (isDeleted()) r.markDeleted();
        if (keep()) r.keep(true);
        if (redone != null) r.redone = new ID(redone.client, redone.clock + diff);
        right = r;
        if (r.right != null) r.right.left = r;
        tr.addMergeStruct(r);
        if (r.parentSub != null && r.right == null) ((AbstractType) r.parent).map.put(r.parentSub, r);
        length = diff;
        return r;
    }

    @Override
    public String toString() { return "Item(" + client + ":" + clock + "+" + length + ")"; }
}
