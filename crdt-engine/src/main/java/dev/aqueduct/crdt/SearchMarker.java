package dev.aqueduct.crdt;

/**
 * Cached (item, index) pairs that speed up index lookups in long lists. The choice of markers
 * follows Yjs exactly (it decides where a text insertion lands next to deleted items, and so the
 * encoded origins), but they are kept in primitive arrays.
 */
final class SearchMarker {
    static final int MAX = 80;
    private static long timestampCounter;

    /** The type whose list the markers point into. */
    final AbstractType owner;
    /**
     * True while every marker is known to sit on a visible, countable item whose marker flag is
     * set; then an insertion only has to shift indexes. Anything that could break this (deleting a
     * flagged item, a marker on a deleted item, a cleared flag still referenced) resets it.
     */
    private boolean allVisible;

    SearchMarker(AbstractType owner) { this.owner = owner; }

    final Item[] p = new Item[MAX];
    final int[] index = new int[MAX];
    final long[] ts = new long[MAX];
    int size;

    /** Forgets all markers; like Yjs, the items keep their marker flags. */
    void clear() {
        size = 0;
        allVisible = false;
    }

    /** Called when a flagged item is deleted: a marker may now sit on a deleted item. */
    void itemDeleted() { allVisible = false; }

    private int markPosition(Item item, int idx) {
        if (item.isDeleted() || !item.countable()) allVisible = false;
        if (size >= MAX) {
            int oldest = 0;
            for (int i = 1; i < size; i++) if (ts[i] < ts[oldest]) oldest = i;
            overwrite(oldest, item, idx);
            return oldest;
        }
        item.marker(true);
        p[size] = item;
        index[size] = idx;
        ts[size] = timestampCounter++;
        return size++;
    }

    private void overwrite(int m, Item item, int idx) {
        Item old = p[m];
        if (old != item) {
            old.marker(false);
            // another marker on the old item now sees its flag cleared (Yjs sets it again later)
            if (allVisible) {
                for (int i = 0; i < size; i++) {
                    if (i != m && p[i] == old) {
                        allVisible = false;
                        break;
                    }
                }
            }
        }
        if (item.isDeleted() || !item.countable()) allVisible = false;
        p[m] = item;
        item.marker(true);
        index[m] = idx;
        ts[m] = timestampCounter++;
    }

    /** Returns the slot of a marker at or near {@code idx}, or -1 when markers are not used. */
    static int find(AbstractType t, int idx) {
        SearchMarker ms = t.searchMarkers;
        if (t.start == null || idx == 0 || ms == null) return -1;
        int marker = -1;
        int best = 0;
        int[] mi = ms.index;
        for (int i = 0; i < ms.size; i++) {
            int d = Math.abs(idx - mi[i]);
            // Yjs reduces with "a if strictly closer, else b": ties go to the later marker
            if (marker < 0 || d <= best) {
                marker = i;
                best = d;
            }
        }
        Item p = t.start;
        int pindex = 0;
        if (marker >= 0) {
            p = ms.p[marker];
            pindex = mi[marker];
            ms.ts[marker] = timestampCounter++;
        }
        while (p.right != null && pindex < idx) {
            if (!p.isDeleted() && p.countable()) {
                if (idx < pindex + p.length) break;
                pindex += p.length;
            }
            p = p.right;
        }
        while (p.left != null && pindex > idx) {
            p = p.left;
            if (!p.isDeleted() && p.countable()) pindex -= p.length;
        }
        while (p.left != null && p.left.client == p.client && p.left.clock + p.left.length == p.clock) {
            p = p.left;
            if (!p.isDeleted() && p.countable()) pindex -= p.length;
        }
        if (marker >= 0 && Math.abs(mi[marker] - pindex) < (double) ((AbstractType) p.parent).length / MAX) {
            ms.overwrite(marker, p, pindex);
            return marker;
        }
        return ms.markPosition(p, pindex);
    }

    void updateChanges(int idx, int len) {
        if (len > 0 && allVisible) {
            // every marker is on a visible item: only the indexes move
            int[] ix = index;
            for (int i = size - 1; i >= 0; i--) {
                if (idx <= ix[i]) ix[i] = Math.max(idx, ix[i] + len);
            }
            return;
        }
        for (int i = size - 1; i >= 0; i--) {
            if (len > 0) {
                Item q = p[i];
                // a marker on a visible item stays where it is and its flag ends up set (Yjs clears
                // and re-sets it); write the flag only when it is not set already
                if (!q.isDeleted() && q.countable()) {
                    if (!q.marker()) q.marker(true);
                    if (idx < index[i] || idx == index[i]) index[i] = Math.max(idx, index[i] + len);
                    continue;
                }
                q.marker(false);
                while (q != null && (q.isDeleted() || !q.countable())) {
                    q = q.left;
                    if (q != null && !q.isDeleted() && q.countable()) index[i] -= q.length;
                }
                if (q == null || q.marker()) {
                    removeAt(i);
                    continue;
                }
                p[i] = q;
                q.marker(true);
            }
            if (idx < index[i] || (len > 0 && idx == index[i])) index[i] = Math.max(idx, index[i] + len);
        }
        // after an insertion every remaining marker sits on a visible item with its flag set
        if (len > 0) allVisible = true;
    }

    private void removeAt(int i) {
        int n = size - i - 1;
        System.arraycopy(p, i + 1, p, i, n);
        System.arraycopy(index, i + 1, index, i, n);
        System.arraycopy(ts, i + 1, ts, i, n);
        size--;
        p[size] = null;
    }

    /** After {@code right} was merged into {@code left}, markers on it move to the left item. */
    void merged(Item left, Item right) {
        for (int i = 0; i < size; i++) {
            if (p[i] == right) {
                // like Yjs, the left item's marker flag is not set here; the next full update does it
                allVisible = false;
                p[i] = left;
                if (!left.isDeleted() && left.countable()) index[i] -= left.length;
            }
        }
    }
}
