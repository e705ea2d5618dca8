package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.List;

/** Plain JSON-like values (lib0 "any" encoding). */
final class ContentAny extends ContentList {

    ContentAny(List<Object> arr) { super(arr); }

    static ContentAny read(UpdateDecoder d) {
        int len = d.readLen();
        d.checkCount(len);
        List<Object> cs = new ArrayList<>(len);
        for (int i = 0; i < len; i++) cs.add(d.readAny());
        return new ContentAny(cs);
    }

    @Override ContentList withValues(List<Object> values) { return new ContentAny(values); }
    @Override void writeValue(UpdateEncoder e, Object value) { e.writeAny(value); }
    @Override int ref() { return ANY; }
}
