package dev.aqueduct.crdt;

import dev.aqueduct.crdt.lib0.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A list of XML nodes ({@link YXmlElement}, {@link YXmlText}, {@link YXmlHook}). */
public class YXmlFragment extends AbstractType {
    public YXmlFragment() {}

    @Override AbstractType copyEmpty() { return new YXmlFragment(); }

    @Override void writeTypeRef(UpdateEncoder e) { e.writeTypeRef(XML_FRAGMENT); }

    @Override
    void callObserver(Transaction tr, Set<String> parentSubs) {
        if (Events.wanted(this)) Events.callTypeObservers(this, tr, new YEvent(this, tr));
    }

    public int length() {
        requireDoc();
        return length;
    }

    public void insert(int index, List<? extends AbstractType> content) { transactLocal(tr -> listInsert(tr, index, content)); }

    /** Inserts after a given child (null inserts at the start). */
    public void insertAfter(AbstractType ref, List<? extends AbstractType> content) {
        transactLocal(tr -> listInsertAfter(tr, ref == null ? null : ref.item, content));
    }

    public void push(List<? extends AbstractType> content) { transactLocal(tr -> listPush(tr, content)); }

    public void delete(int index, int len) { transactLocal(tr -> listDelete(tr, index, len)); }

    public Object get(int index) { return listGet(index); }

    public List<Object> toList() { return listToArray(); }

    public AbstractType firstChild() {
        Item f = first();
        return f == null ? null : (AbstractType) f.content.values().get(0);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Object c : listToArray()) sb.append(JsString.of(c));
        return sb.toString();
    }

    @Override
    public String toJson() {
        StringBuilder sb = new StringBuilder();
        Json.quote(sb, toString());
        return sb.toString();
    }
}
