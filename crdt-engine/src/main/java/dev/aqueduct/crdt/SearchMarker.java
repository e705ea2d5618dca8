package dev.aqueduct.crdt;

/**
 * Cached (item, index) pairs that speed up index lookups in long lists. The choice of markers
 * follows Yjs exactly (it decides where a text insertion lands next to deleted items, and so the
 * encoded origins), but they are kept in primitive arrays, in Yjs' array order ("slots"), plus
 * an order of the slots by index so that the nearest marker is found by binary search and an
 * insertion only shifts the markers behind it.
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
    /** The slots sorted by index (ties in any order): {@code order[r]} is the slot of rank r. */
    private final int[] order = new int[MAX];
    /** The rank of each slot in {@link #order}. */
    private final int[] rank = new int[MAX];

    /** Forgets all markers; like Yjs, the items keep their marker flags. */
    void clear() {
        for (int i = 0; i < size; i++) {
            p[i].removeMarkerRef();
            p[i] = null;
        }
        size = 0;
        allVisible = false;
    }

    /** Called when a flagged item is deleted: a marker may now sit on a deleted item. */
    void itemDeleted() { allVisible = false; }

    private void point(int slot, Item item) {
        Item old = p[slot];
        if (old != null) old.removeMarkerRef();
        item.addMarkerRef();
        p[slot] = item;
    }

    private int markPosition(Item item, int idx) {
        if (item.isDeleted() || !item.countable()) allVisible = false;
        if (size >= MAX) {
            int oldest = 0;
            for (int i = 1; i < size; i++) if (ts[i] < ts[oldest]) oldest = i;
            overwrite(oldest, item, idx);
            return oldest;
        }
        item.marker(true);
        int slot = size++;
        point(slot, item);
        index[slot] = idx;
        ts[slot] = timestampCounter++;
        int r = lowerBound(idx, slot);
        System.arraycopy(order, r, order, r + 1, slot - r);
        order[r] = slot;
        for (int k = r; k <= slot; k++) rank[order[k]] = k;
        return slot;
    }

    private void overwrite(int m, Item item, int idx) {
        Item old = p[m];
        if (old != item) {
            old.marker(false);
            // another marker on the old item now sees its flag cleared (Yjs sets it again later)
            if (old.markerRefs() > 1) allVisible = false;
            point(m, item);
        }
        if (item.isDeleted() || !item.countable()) allVisible = false;
        item.marker(true);
        index[m] = idx;
        ts[m] = timestampCounter++;
        reposition(m);
    }

    /** Moves slot m to its place in {@link #order} after its index changed. */
    private void reposition(int m) {
        int idx = index[m];
        int r = rank[m];
        while (r > 0 && index[order[r - 1]] > idx) {
            int s = order[r - 1];
            order[r] = s;
            rank[s] = r;
            r--;
        }
        while (r < size - 1 && index[order[r + 1]] < idx) {
            int s = order[r + 1];
            order[r] = s;
            rank[s] = r;
            r++;
        }
        order[r] = m;
        rank[m] = r;
    }

    /** The slot of rank r (for checks). */
    int slotAtRank(int r) { return order[r]; }

    /** The first rank (among the first {@code n}) whose index is at least {@code idx}. */
    private int lowerBound(int idx, int n) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (index[order[mid]] < idx) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /**
     * The marker Yjs picks for {@code idx}: the nearest one, and of equally near ones the last in
     * array order. The nearest lie at the ranks around the lower bound of {@code idx}.
     */
    int nearest(int idx) {
        int n = size;
        int lo = lowerBound(idx, n);
        int dl = lo > 0 ? idx - index[order[lo - 1]] : Integer.MAX_VALUE;
        int dr = lo < n ? index[order[lo]] - idx : Integer.MAX_VALUE;
        int best = -1;
        if (dl <= dr) {
            int v = idx - dl;
            for (int r = lo - 1; r >= 0 && index[order[r]] == v; r--) best = Math.max(best, order[r]);
        }
        if (dr <= dl) {
            int v = idx + dr;
            for (int r = lo; r < n && index[order[r]] == v; r++) best = Math.max(best, order[r]);
        }
        return best;
    }

    /** Returns the slot of a marker at or near {@code idx}, or -1 when markers are not used. */
    static int find(AbstractType t, int idx) {
        SearchMarker ms = t.searchMarkers;
        if (t.start == null || idx == 0 || ms == null) return -1;
        int marker = ms.size == 0 ? -1 : ms.nearest(idx);
        Item p = t.start;
        int pindex = 0;
        if (marker >= 0) {
            p = ms.p[marker];
            pindex = ms.index[marker];
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
        if (marker >= 0) {
            int d = ms.index[marker] - pindex;
            if ((d < 0 ? -d : d) < (double) ((AbstractType) p.parent).length / MAX) {
                ms.overwrite(marker, p, pindex);
                return marker;
            }
        }
        return ms.markPosition(p, pindex);
    }

    void updateChanges(int idx, int len) {
        if (len > 0 && allVisible) {
            // every marker is on a visible item: only the indexes at or after idx move
            for (int r = lowerBound(idx, size); r < size; r++) index[order[r]] += len;
            return;
        }
        if (len <= 0) {
            // only markers after idx move (or clamp to idx); the order stays
            for (int r = lowerBound(idx + 1, size); r < size; r++) {
                int s = order[r];
                index[s] = Math.max(idx, index[s] + len);
            }
            return;
        }
        for (int i = size - 1; i >= 0; i--) {
            Item q = p[i];
            // a marker on a visible item stays where it is and its flag ends up set (Yjs clears
            // and re-sets it); write the flag only when it is not set already
            if (!q.isDeleted() && q.countable()) {
                if (!q.marker()) q.marker(true);
                if (idx <= index[i]) index[i] = Math.max(idx, index[i] + len);
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
            point(i, q);
            q.marker(true);
            if (idx <= index[i]) index[i] = Math.max(idx, index[i] + len);
        }
        sortOrder();
        // after an insertion every remaining marker sits on a visible item with its flag set
        allVisible = true;
    }

    /** Sorts {@link #order} again after indexes moved arbitrarily (insertion sort: nearly sorted). */
    private void sortOrder() {
        for (int r = 1; r < size; r++) {
            int s = order[r];
            int v = index[s];
            int k = r - 1;
            while (k >= 0 && index[order[k]] > v) {
                order[k + 1] = order[k];
                k--;
            }
            order[k + 1] = s;
        }
        for (int r = 0; r < size; r++) rank[order[r]] = r;
    }

    private void removeAt(int i) {
        p[i].removeMarkerRef();
        int n = size - i - 1;
        System.arraycopy(p, i + 1, p, i, n);
        System.arraycopy(index, i + 1, index, i, n);
        System.arraycopy(ts, i + 1, ts, i, n);
        size--;
        p[size] = null;
        // drop slot i from the order and renumber the slots after it
        int w = 0;
        for (int r = 0; r <= size; r++) {
            int s = order[r];
            if (s == i) continue;
            order[w++] = s > i ? s - 1 : s;
        }
        for (int r = 0; r < size; r++) rank[order[r]] = r;
    }

    /** After {@code right} was merged into {@code left}, markers on it move to the left item. */
    void merged(Item left, Item right) {
        for (int i = 0; i < size; i++) {
            if (p[i] == right) {
                // like Yjs, the left item's marker flag is not set here; the next full update does it
                allVisible = false;
                point(i, left);
                if (!left.isDeleted() && left.countable()) {
                    index[i] -= left.length;
                    reposition(i);
                }
            }
        }
    }
}
