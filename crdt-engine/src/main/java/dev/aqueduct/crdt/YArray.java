package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Shared array of JSON-like values, binaries, sub-documents and nested types. */
public class YArray extends AbstractType {
    public YArray() { searchMarkers = new SearchMarker(this); }

    @Override AbstractType copyEmpty() { return new YArray(); }

    @Override void writeTypeRef(UpdateEncoder e) { e.writeTypeRef(ARRAY); }

    @Override
    void callObserver(Transaction tr, Set<String> parentSubs) {
        super.callObserver(tr, parentSubs);
        if (Events.wanted(this)) Events.callTypeObservers(this, tr, new YEvent(this, tr));
    }

    public int length() {
        requireDoc();
        return length;
    }

    public void insert(int index, List<?> content) { transactLocal(tr -> listInsert(tr, index, content)); }

    public void push(List<?> content) { transactLocal(tr -> listPush(tr, content)); }

    public void unshift(List<?> content) { insert(0, content); }

    public void delete(int index, int len) { transactLocal(tr -> listDelete(tr, index, len)); }

    public void delete(int index) { delete(index, 1); }

    public Object get(int index) { return listGet(index); }

    public List<Object> toList() { return listToArray(); }

    public List<Object> slice(int startIdx, int endIdx) {
        List<Object> all = listToArray();
        return new ArrayList<>(all.subList(Math.max(0, startIdx), Math.min(all.size(), endIdx)));
    }

    @Override
    public String toJson() {
        StringBuilder sb = new StringBuilder("[");
        boolean first = true;
        for (Object v : listToArray()) {
            if (!first) sb.append(',');
            first = false;
            valueJson(sb, v);
        }
        return sb.append(']').toString();
    }
}
