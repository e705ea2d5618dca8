package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.List;

/** Content that is a list of values, one per countable position ({@link ContentAny}, {@link ContentJson}). */
abstract class ContentList extends Content {
    List<Object> arr;

    ContentList(List<Object> arr) { this.arr = arr; }

    /** A content of the same kind holding {@code values}. */
    abstract ContentList withValues(List<Object> values);

    /** Writes one value in this content's encoding. */
    abstract void writeValue(UpdateEncoder e, Object value);

    @Override int length() { return arr.size(); }
    @Override boolean isCountable() { return true; }
    @Override List<Object> values() { return arr; }
    @Override Content copy() { return withValues(arr); }

    @Override
    Content splice(int offset) {
        ContentList right = withValues(new ArrayList<>(arr.subList(offset, arr.size())));
        arr = new ArrayList<>(arr.subList(0, offset));
        return right;
    }

    @Override
    boolean mergeWith(Content right) {
        List<Object> other = ((ContentList) right).arr;
        List<Object> n = new ArrayList<>(arr.size() + other.size());
        n.addAll(arr);
        n.addAll(other);
        arr = n;
        return true;
    }

    @Override
    void write(UpdateEncoder e, int offset) {
        int len = arr.size();
        e.writeLen(len - offset);
        for (int i = offset; i < len; i++) writeValue(e, arr.get(i));
    }
}
