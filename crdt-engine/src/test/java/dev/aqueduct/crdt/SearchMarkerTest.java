package dev.aqueduct.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The search markers' own bookkeeping, after every edit of random plain-text sessions: the order
 * by index, the binary-searched nearest marker against a scan of all markers (Yjs' choice: the
 * nearest, the last of equally near ones), each marker's index against the item it points at, and
 * the per-item count of markers pointing at it.
 */
class SearchMarkerTest {

    @Test
    void markerBookkeepingStaysConsistent() {
        Random rnd = new Random(42);
        int checked = 0;
        for (int session = 0; session < 20; session++) {
            YDoc doc = new YDoc(1);
            YText text = doc.getText("text");
            int cursor = 0;
            for (int op = 0; op < 1500; op++) {
                int len = text.length();
                if (rnd.nextInt(8) == 0) cursor = rnd.nextInt(len + 1);
                cursor = Math.min(cursor, len);
                if (len < 100 || rnd.nextInt(4) > 0) {
                    String s = rnd.nextInt(10) == 0 ? "word " : "x";
                    text.insert(cursor, s);
                    cursor += s.length();
                } else {
                    int n = 1 + rnd.nextInt(Math.min(6, len));
                    int at = Math.max(0, Math.min(cursor - n, len - n));
                    text.delete(at, n);
                    cursor = at;
                }
                check(text, rnd);
                checked++;
            }
        }
        assertEquals(30000, checked);
    }

    private static void check(YText text, Random rnd) {
        SearchMarker ms = text.searchMarkers;
        Map<Item, Integer> refs = new IdentityHashMap<>();
        for (int r = 0; r < ms.size; r++) {
            int s = ms.slotAtRank(r);
            if (r > 0) assertTrue(ms.index[ms.slotAtRank(r - 1)] <= ms.index[s], "markers out of order");
            refs.merge(ms.p[s], 1, Integer::sum);
        }
        for (Map.Entry<Item, Integer> e : refs.entrySet()) assertEquals(e.getValue().intValue(), e.getKey().markerRefs(), "marker count of an item");
        Map<Item, Integer> indexes = new IdentityHashMap<>();
        int i = 0;
        for (Item n = text.start; n != null; n = n.right) {
            indexes.put(n, i);
            if (!n.isDeleted() && n.countable()) i += n.length;
        }
        for (int s = 0; s < ms.size; s++) {
            Item p = ms.p[s];
            if (!p.isDeleted()) assertEquals(indexes.get(p), ms.index[s], "index of marker " + s);
        }
        for (int k = 0; k < 5 && ms.size > 0; k++) {
            int idx = rnd.nextInt(text.length() + 1);
            int best = -1, bestD = Integer.MAX_VALUE;
            for (int s = 0; s < ms.size; s++) {
                int d = Math.abs(idx - ms.index[s]);
                if (d <= bestD) {
                    best = s;
                    bestD = d;
                }
            }
            assertEquals(best, ms.nearest(idx), "nearest marker to " + idx);
        }
    }
}
