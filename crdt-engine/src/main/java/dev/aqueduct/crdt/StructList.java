package dev.aqueduct.crdt;

import java.util.Arrays;

/**
 * The structs of one client, ordered by clock, without gaps. The first clock of every struct is
 * also kept in an int array (it never changes while the struct is in a list), so that searches
 * run over primitives and touch a single struct.
 */
final class StructList {
    AbstractStruct[] a;
    private int[] clocks;
    int size;
    /** Index of the last struct found by a search (a hint only). */
    private int finger;

    StructList() { this(8); }

    StructList(int capacity) {
        a = new AbstractStruct[Math.max(1, capacity)];
        clocks = new int[a.length];
    }

    void clear() {
        Arrays.fill(a, 0, size, null);
        size = 0;
    }

    AbstractStruct get(int i) { return a[i]; }

    AbstractStruct last() { return a[size - 1]; }

    private void grow() {
        a = Arrays.copyOf(a, size * 2);
        clocks = Arrays.copyOf(clocks, size * 2);
    }

    void add(AbstractStruct s) {
        if (size == a.length) grow();
        clocks[size] = s.clock;
        a[size++] = s;
    }

    void insert(int index, AbstractStruct s) {
        if (size == a.length) grow();
        System.arraycopy(a, index, a, index + 1, size - index);
        System.arraycopy(clocks, index, clocks, index + 1, size - index);
        a[index] = s;
        clocks[index] = s.clock;
        size++;
    }

    void set(int i, AbstractStruct s) {
        a[i] = s;
        clocks[i] = s.clock;
    }

    /** Removes {@code count} structs starting at {@code from}. */
    void remove(int from, int count) {
        System.arraycopy(a, from + count, a, from, size - from - count);
        System.arraycopy(clocks, from + count, clocks, from, size - from - count);
        for (int i = size - count; i < size; i++) a[i] = null;
        size -= count;
    }

    int state() {
        AbstractStruct s = a[size - 1];
        return s.clock + s.length;
    }

    /** Index of the struct that contains {@code clock}; -1 if none. */
    int findIndex(int clock) {
        int n = size;
        if (n == 0) return -1;
        int[] c = clocks;
        int last = n - 1;
        if (c[last] <= clock) {
            AbstractStruct s = a[last];
            return clock < s.clock + s.length ? last : -1;
        }
        if (clock < c[0]) return -1;
        // most lookups are close to the previous one (sequential integration, merges)
        int i = finger;
        if (i >= last || c[i] > clock || c[i + 1] <= clock) {
            if (i + 1 < last && c[i + 1] <= clock && clock < c[i + 2]) {
                i++;
            } else {
                // the last index whose clock is at most {@code clock} (c[0] <= clock < c[last]),
                // halving without a branch to mispredict
                int base = 0, len = last;
                while (len > 1) {
                    int half = len >>> 1;
                    base = c[base + half] <= clock ? base + half : base;
                    len -= half;
                }
                i = base;
            }
            finger = i;
        }
        AbstractStruct s = a[i];
        return clock < s.clock + s.length ? i : -1;
    }
}
