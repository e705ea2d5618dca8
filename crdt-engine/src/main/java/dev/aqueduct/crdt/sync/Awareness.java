package dev.aqueduct.crdt.sync;

import dev.aqueduct.crdt.lib0.DecodingException;
import dev.aqueduct.crdt.lib0.JsValues;
import dev.aqueduct.crdt.lib0.Json;
import dev.aqueduct.crdt.lib0.Lib0Reader;
import dev.aqueduct.crdt.lib0.Lib0Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The y-protocols awareness CRDT: one JSON state per client with a clock. States not renewed for
 * {@link #OUTDATED_TIMEOUT_MS} are removed by {@link #checkOutdated()}, which the owner calls
 * periodically (y-protocols does it every 3 s).
 */
public final class Awareness {
    public static final long OUTDATED_TIMEOUT_MS = 30_000;

    /** Clock and last-update time (ms) of one client. */
    public static final class MetaClientState {
        public final long clock;
        public final long lastUpdated;

        MetaClientState(long clock, long lastUpdated) {
            this.clock = clock;
            this.lastUpdated = lastUpdated;
        }
    }

    /** Clients added, updated and removed by one change. */
    public static final class Change {
        public final List<Long> added, updated, removed;

        Change(List<Long> added, List<Long> updated, List<Long> removed) {
            this.added = added;
            this.updated = updated;
            this.removed = removed;
        }
    }

    private final long clientId;
    private final Map<Long, Object> states = new LinkedHashMap<>();
    private final Map<Long, MetaClientState> meta = new LinkedHashMap<>();
    private final LongSupplier now;
    private final List<BiConsumer<Change, Object>> changeListeners = new ArrayList<>();
    private final List<BiConsumer<Change, Object>> updateListeners = new ArrayList<>();

    public Awareness(long clientId) { this(clientId, System::currentTimeMillis); }

    public Awareness(long clientId, LongSupplier nowMillis) {
        this.clientId = clientId;
        this.now = nowMillis;
        setLocalState(new LinkedHashMap<>());
    }

    public long clientId() { return clientId; }

    /** Called when states were added, removed, or updated with a different value. */
    public void onChange(BiConsumer<Change, Object> l) { changeListeners.add(l); }

    /** Called on every update, including renewals with the same value. */
    public void onUpdate(BiConsumer<Change, Object> l) { updateListeners.add(l); }

    public Object getLocalState() { return states.get(clientId); }

    public Map<Long, Object> getStates() { return Collections.unmodifiableMap(states); }

    public Map<Long, MetaClientState> getMeta() { return Collections.unmodifiableMap(meta); }

    private void emit(List<BiConsumer<Change, Object>> ls, Change c, Object origin) {
        for (BiConsumer<Change, Object> l : new ArrayList<>(ls)) l.accept(c, origin);
    }

    /** Sets the local state; null marks this client as offline. */
    public void setLocalState(Object state) {
        MetaClientState cur = meta.get(clientId);
        long clock = cur == null ? 0 : cur.clock + 1;
        Object prev = states.get(clientId);
        if (state == null) states.remove(clientId);
        else states.put(clientId, state);
        meta.put(clientId, new MetaClientState(clock, now.getAsLong()));
        List<Long> added = new ArrayList<>(), updated = new ArrayList<>(), filtered = new ArrayList<>(), removed = new ArrayList<>();
        if (state == null) {
            removed.add(clientId);
        } else if (prev == null) {
            added.add(clientId);
        } else {
            updated.add(clientId);
            if (!JsValues.deepEquals(prev, state)) filtered.add(clientId);
        }
        if (!added.isEmpty() || !filtered.isEmpty() || !removed.isEmpty()) emit(changeListeners, new Change(added, filtered, removed), "local");
        emit(updateListeners, new Change(added, updated, removed), "local");
    }

    @SuppressWarnings("unchecked")
    public void setLocalStateField(String field, Object value) {
        Object s = getLocalState();
        if (s instanceof Map) {
            Map<String, Object> n = new LinkedHashMap<>((Map<String, Object>) s);
            n.put(field, value);
            setLocalState(n);
        }
    }

    /** Renews the local state and removes remote states older than the timeout. */
    public void checkOutdated() {
        long t = now.getAsLong();
        MetaClientState own = meta.get(clientId);
        if (getLocalState() != null && own != null && OUTDATED_TIMEOUT_MS / 2 <= t - own.lastUpdated) setLocalState(getLocalState());
        List<Long> remove = new ArrayList<>();
        for (Map.Entry<Long, MetaClientState> e : meta.entrySet()) {
            if (e.getKey() != clientId && OUTDATED_TIMEOUT_MS <= t - e.getValue().lastUpdated && states.containsKey(e.getKey())) remove.add(e.getKey());
        }
        if (!remove.isEmpty()) removeStates(remove, "timeout");
    }

    public void removeStates(List<Long> clients, Object origin) {
        List<Long> removed = new ArrayList<>();
        for (Long c : clients) {
            if (states.containsKey(c)) {
                states.remove(c);
                if (c == clientId) {
                    MetaClientState cur = meta.get(c);
                    meta.put(c, new MetaClientState(cur.clock + 1, now.getAsLong()));
                }
                removed.add(c);
            }
        }
        if (!removed.isEmpty()) {
            Change ch = new Change(new ArrayList<>(), new ArrayList<>(), removed);
            emit(changeListeners, ch, origin);
            emit(updateListeners, ch, origin);
        }
    }

    /** Marks the local client offline (like destroy() in y-protocols). */
    public void destroy() { setLocalState(null); }

    public byte[] encodeUpdate(List<Long> clients) {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(clients.size());
        for (Long c : clients) {
            Object state = states.get(c);
            MetaClientState m = meta.get(c);
            w.writeVarUint(c);
            w.writeVarUint(m == null ? 0 : m.clock);
            w.writeVarString(Json.stringify(state));
        }
        return w.toByteArray();
    }

    /** Rewrites every state of an encoded awareness update. */
    public static byte[] modifyUpdate(byte[] update, UnaryOperator<Object> modify) {
        Lib0Reader r = new Lib0Reader(update);
        Lib0Writer w = new Lib0Writer();
        long len = r.readVarUint();
        if (len > r.remaining()) throw new DecodingException("awareness update length exceeds data");
        w.writeVarUint(len);
        for (long i = 0; i < len; i++) {
            long client = r.readVarUint();
            long clock = r.readVarUint();
            Object state = Json.parse(r.readVarString());
            w.writeVarUint(client);
            w.writeVarUint(clock);
            w.writeVarString(Json.stringify(modify.apply(state)));
        }
        return w.toByteArray();
    }

    /** Applies a remote awareness update; malformed input throws before anything changes. */
    public void applyUpdate(byte[] update, Object origin) {
        Lib0Reader r = new Lib0Reader(update);
        long len = r.readVarUint();
        if (len > r.remaining()) throw new DecodingException("awareness update length exceeds data");
        List<Object[]> entries = new ArrayList<>();
        for (long i = 0; i < len; i++) {
            long client = r.readVarUint();
            long clock = r.readVarUint();
            Object state = Json.parse(r.readVarString());
            entries.add(new Object[] {client, clock, state});
        }
        long timestamp = now.getAsLong();
        List<Long> added = new ArrayList<>(), updated = new ArrayList<>(), filtered = new ArrayList<>(), removed = new ArrayList<>();
        for (Object[] e : entries) {
            long client = (Long) e[0];
            long clock = (Long) e[1];
            Object state = e[2];
            MetaClientState cm = meta.get(client);
            Object prev = states.get(client);
            long currClock = cm == null ? 0 : cm.clock;
            if (currClock < clock || (currClock == clock && state == null && states.containsKey(client))) {
                if (state == null) {
                    if (client == clientId && getLocalState() != null) clock++;
                    else states.remove(client);
                } else {
                    states.put(client, state);
                }
                meta.put(client, new MetaClientState(clock, timestamp));
                if (cm == null && state != null) {
                    added.add(client);
                } else if (cm != null && state == null) {
                    removed.add(client);
                } else if (state != null) {
                    if (!JsValues.deepEquals(state, prev)) filtered.add(client);
                    updated.add(client);
                }
            }
        }
        if (!added.isEmpty() || !filtered.isEmpty() || !removed.isEmpty()) emit(changeListeners, new Change(added, filtered, removed), origin);
        if (!added.isEmpty() || !updated.isEmpty() || !removed.isEmpty()) emit(updateListeners, new Change(added, updated, removed), origin);
    }
}
