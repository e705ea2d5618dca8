package dev.aqueduct.crdt;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A state vector (client to clock) in primitive arrays, cheap to take at every transaction. */
final class ClockVector {
    final long[] clients;
    final int[] clocks;
    final int size;
    private HashMap<Long, Integer> index;

    ClockVector(long[] clients, int[] clocks, int size) {
        this.clients = clients;
        this.clocks = clocks;
        this.size = size;
    }

    /** The clock of a client, 0 if the client is unknown. */
    int get(long client) {
        if (size <= 16) {
            for (int i = 0; i < size; i++) if (clients[i] == client) return clocks[i];
            return 0;
        }
        if (index == null) {
            index = new HashMap<>(size * 2);
            for (int i = 0; i < size; i++) index.put(clients[i], clocks[i]);
        }
        Integer c = index.get(client);
        return c == null ? 0 : c;
    }

    boolean has(long client) {
        for (int i = 0; i < size; i++) if (clients[i] == client) return true;
        return false;
    }

    Map<Long, Integer> toMap() {
        Map<Long, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) m.put(clients[i], clocks[i]);
        return m;
    }
}
