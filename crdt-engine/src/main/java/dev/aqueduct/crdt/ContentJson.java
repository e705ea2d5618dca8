package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.Json;
import dev.aqueduct.crdt.lib0.Undefined;
import java.util.ArrayList;
import java.util.List;

/** Legacy JSON content (written by old Yjs versions); kept for compatibility. */
final class ContentJson extends ContentList {

    ContentJson(List<Object> arr) { super(arr); }

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

    @Override ContentList withValues(List<Object> values) { return new ContentJson(values); }

    @Override
    void writeValue(UpdateEncoder e, Object value) {
        e.writeString(value == Undefined.INSTANCE ? "undefined" : Json.stringify(value));
    }

    @Override int ref() { return JSON; }
}
