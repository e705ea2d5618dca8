package dev.aqueduct.crdt;

import java.util.Arrays;

/** The structs of one client, ordered by clock, without gaps. */
final class StructList {
    AbstractStruct[] a;
    int size;

    StructList() { a = new AbstractStruct[8]; }

    StructList(int capacity) { a = new AbstractStruct[Math.max(1, capacity)]; }

    void clear() {
        java.util.Arrays.fill(a, 0, size, null);
        size = 0;
    }
    /** Index of the last struct found by a search (a hint only). */
    private int finger;

    AbstractStruct get(int i) { return a[i]; }

    AbstractStruct last() { return a[size - 1]; }

    void add(AbstractStruct s) {
        if (size == a.length) a = Arrays.copyOf(a, size * 2);
        a[size++] = s;
    }

    void insert(int index, AbstractStruct s) {
        if (size == a.length) a = Arrays.copyOf(a, size * 2);
        System.arraycopy(a, index, a, index + 1, size - index);
        a[index] = s;
        size++;
    }

    void set(int i, AbstractStruct s) { a[i] = s; }

    /** Removes {@code count} structs starting at {@code from}. */
    void remove(int from, int count) {
        System.arraycopy(a, from + count, a, from, size - from - count);
        for (int i = size - count; i < size; i++) a[i] = null;
        size -= count;
    }

    int state() {
        AbstractStruct s = a[size - 1];
        return s.clock + s.length;
    }

    /** Index of the struct that contains {@code clock}; -1 if none. */
    int findIndex(int clock) {
        int left = 0, right = size - 1;
        AbstractStruct mid = a[right];
        if (mid.clock <= clock) return clock < mid.clock + mid.length ? right : -1;
        // most lookups are close to the previous one (sequential integration, merges)
        int f = finger;
        if (f < size) {
            AbstractStruct s = a[f];
            if (s.clock <= clock) {
                if (clock < s.clock + s.length) return f;
                if (f + 1 < size && clock < a[f + 1].clock + a[f + 1].length) return finger = f + 1;
            }
        }
        long denom = (long) mid.clock + mid.length - 1;
        int midIndex = denom <= 0 ? 0 : (int) Math.min(right, ((long) clock * right) / denom);
        while (left <= right) {
            mid = a[midIndex];
            if (mid.clock <= clock) {
                if (clock < mid.clock + mid.length) return finger = midIndex;
                left = midIndex + 1;
            } else {
                right = midIndex - 1;
            }
            midIndex = (left + right) >>> 1;
        }
        return -1;
    }
}
