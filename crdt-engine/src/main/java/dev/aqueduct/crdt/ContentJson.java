package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.Json;
import dev.aqueduct.crdt.lib0.Undefined;
import java.util.ArrayList;
import java.util.List;

/** Legacy JSON content (written by old Yjs versions); kept for compatibility. */
final class ContentJson extends Content {
    List<Object> arr;

    ContentJson(List<Object> arr) { this.arr = arr; }

    static ContentJson read(UpdateDecoder d) {
        int len = d.readLen();
        d.checkCount(len);
        List<Object> cs = new ArrayList<>(len);
        for (int i = 0; i < len; i++) {
            String c = d.readString();
            cs.add("undefined".equals(c) ? Undefined.INSTANCE : Json.parse(c));
        }
        return new ContentJson(cs);
    }

    @Override int length() { return arr.size(); }
    @Override boolean isCountable() { return true; }
    @Override List<Object> values() { return arr; }
    @Override Content copy() { return new ContentJson(arr); }

    @Override
    Content splice(int offset) {
        ContentJson right = new ContentJson(new ArrayList<>(arr.subList(offset, arr.size())));
        arr = new ArrayList<>(arr.subList(0, offset));
        return right;
    }

    @Override
    boolean mergeWith(Content right) {
        List<Object> n = new ArrayList<>(arr);
        n.addAll(((ContentJson) right).arr);
        arr = n;
        return true;
    }

    @Override
    void write(UpdateEncoder e, int offset) {
        int len = arr.size();
        e.writeLen(len - offset);
        for (int i = offset; i < len; i++) {
            Object c = arr.get(i);
            e.writeString(c == Undefined.INSTANCE ? "undefined" : Json.stringify(c));
        }
    }

    @Override int ref() { return JSON; }
}
