package dev.aqueduct.crdt;

import java.util.ArrayList;

/** A cached (item, index) pair that speeds up index lookups in long lists, as in Yjs. */
final class SearchMarker {
    static final int MAX = 80;
    private static long timestampCounter;

    Item p;
    int index;
    long timestamp;

    SearchMarker(Item p, int index) {
        p.marker(true);
        this.p = p;
        this.index = index;
        this.timestamp = timestampCounter++;
    }

    void refresh() { timestamp = timestampCounter++; }

    void overwrite(Item np, int idx) {
        p.marker(false);
        p = np;
        np.marker(true);
        index = idx;
        timestamp = timestampCounter++;
    }

    static SearchMarker markPosition(ArrayList<SearchMarker> markers, Item p, int index) {
        if (markers.size() >= MAX) {
            SearchMarker oldest = markers.get(0);
            for (SearchMarker m : markers) if (m.timestamp < oldest.timestamp) oldest = m;
            oldest.overwrite(p, index);
            return oldest;
        }
        SearchMarker pm = new SearchMarker(p, index);
        markers.add(pm);
        return pm;
    }

    static SearchMarker find(AbstractType t, int index) {
        if (t.start == null || index == 0 || t.searchMarkers == null) return null;
        ArrayList<SearchMarker> ms = t.searchMarkers;
        SearchMarker marker = null;
        for (SearchMarker m : ms) {
            if (marker == null || Math.abs(index - m.index) < Math.abs(index - marker.index)) marker = m;
        }
        Item p = t.start;
        int pindex = 0;
        if (marker != null) {
            p = marker.p;
            pindex = marker.index;
            marker.refresh();
        }
        while (p.right != null && pindex < index) {
            if (!p.isDeleted() && p.countable()) {
                if (index < pindex + p.length) break;
                pindex += p.length;
            }
            p = p.right;
        }
        while (p.left != null && pindex > index) {
            p = p.left;
            if (!p.isDeleted() && p.countable()) pindex -= p.length;
        }
        while (p.left != null && p.left.client == p.client && p.left.clock + p.left.length == p.clock) {
            p = p.left;
            if (!p.isDeleted() && p.countable()) pindex -= p.length;
        }
        if (marker != null && Math.abs(marker.index - pindex) < (double) ((AbstractType) p.parent).length / MAX) {
            marker.overwrite(p, pindex);
            return marker;
        }
        return markPosition(ms, p, pindex);
    }

    static void updateChanges(ArrayList<SearchMarker> ms, int index, int len) {
        for (int i = ms.size() - 1; i >= 0; i--) {
            SearchMarker m = ms.get(i);
            if (len > 0) {
                Item p = m.p;
                p.marker(false);
                while (p != null && (p.isDeleted() || !p.countable())) {
                    p = p.left;
                    if (p != null && !p.isDeleted() && p.countable()) m.index -= p.length;
                }
                if (p == null || p.marker()) {
                    ms.remove(i);
                    continue;
                }
                m.p = p;
                p.marker(true);
            }
            if (index < m.index || (len > 0 && index == m.index)) m.index = Math.max(index, m.index + len);
        }
    }
}
