package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.List;

/** Plain JSON-like values (lib0 "any" encoding). */
final class ContentAny extends Content {
    List<Object> arr;

    ContentAny(List<Object> arr) { this.arr = arr; }

    static ContentAny read(UpdateDecoder d) {
        int len = d.readLen();
        d.checkCount(len);
        List<Object> cs = new ArrayList<>(len);
        for (int i = 0; i < len; i++) cs.add(d.readAny());
        return new ContentAny(cs);
    }

    @Override int length() { return arr.size(); }
    @Override boolean isCountable() { return true; }
    @Override List<Object> values() { return arr; }
    @Override Content copy() { return new ContentAny(arr); }

    @Override
    Content splice(int offset) {
        ContentAny right = new ContentAny(new ArrayList<>(arr.subList(offset, arr.size())));
        arr = new ArrayList<>(arr.subList(0, offset));
        return right;
    }

    @Override
    boolean mergeWith(Content right) {
        List<Object> n = new ArrayList<>(arr.size() + ((ContentAny) right).arr.size());
        n.addAll(arr);
        n.addAll(((ContentAny) right).arr);
        arr = n;
        return true;
    }

    @Override
    void write(UpdateEncoder e, int offset) {
        int len = arr.size();
        e.writeLen(len - offset);
        for (int i = offset; i < len; i++) e.writeAny(arr.get(i));
    }

    @Override int ref() { return ANY; }
}
