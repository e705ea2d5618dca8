package dev.aqueduct.crdt;

import java.util.List;

final class ContentDeleted extends Content {
    int len;

    ContentDeleted(int len) { this.len = len; }

    @Override int length() { return len; }
    @Override boolean isCountable() { return false; }
    @Override List<Object> values() { return List.of(); }
    @Override Content copy() { return new ContentDeleted(len); }

    @Override
    Content splice(int offset) {
        ContentDeleted right = new ContentDeleted(len - offset);
        len = offset;
        return right;
    }

    @Override
    boolean mergeWith(Content right) {
        len += ((ContentDeleted) right).len;
        return true;
    }

    @Override
    void integrate(Transaction tr, Item item) {
        tr.deleteSet.add(item.client, item.clock, len);
        item.markDeleted();
    }

    @Override void write(UpdateEncoder e, int offset) { e.writeLen(len - offset); }
    @Override int ref() { return DELETED; }
}
