package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared map from string keys to values (last writer wins, ties by client id). */
public class YMap extends AbstractType {
    @Override AbstractType copyEmpty() { return new YMap(); }

    @Override void writeTypeRef(UpdateEncoder e) { e.writeTypeRef(MAP); }

    @Override
    void callObserver(Transaction tr, Set<String> parentSubs) {
        if (Events.wanted(this)) Events.callTypeObservers(this, tr, new YEvent(this, tr));
    }

    public void set(String key, Object value) { transactLocal(tr -> mapSet(tr, key, value)); }

    public Object get(String key) { return mapGet(key); }

    public boolean has(String key) { return mapHas(key); }

    public void delete(String key) { transactLocal(tr -> mapDelete(tr, key)); }

    public void clear() {
        transactLocal(tr -> {
            for (String k : new ArrayList<>(map.keySet())) if (mapHas(k)) mapDelete(tr, k);
        });
    }

    public List<String> keys() {
        List<String> ks = new ArrayList<>();
        for (Map.Entry<String, Item> e : map.entrySet()) if (!e.getValue().isDeleted()) ks.add(e.getKey());
        return ks;
    }

    public int size() { return keys().size(); }

    public Map<String, Object> toMap() { return mapGetAll(); }

    @Override
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : mapGetAll().entrySet()) {
            if (e.getValue() instanceof dev.aqueduct.crdt.lib0.Undefined) continue;
            if (!first) sb.append(',');
            first = false;
            dev.aqueduct.crdt.lib0.Json.quote(sb, e.getKey());
            sb.append(':');
            valueJson(sb, e.getValue());
        }
        return sb.append('}').toString();
    }
}
