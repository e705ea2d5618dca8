package dev.aqueduct.core.bindings;

import java.util.ArrayList;
import java.util.List;

/**
 * The shortest edit script between two texts (Myers' O(ND) algorithm with the linear-space middle snake), over code
 * points so that a surrogate pair is never split. Positions are reported in UTF-16 code units, as Yjs counts.
 */
public final class TextDiff {

    /** A run of text added to the new text at {@code at}, or removed from the old text at {@code at}. */
    public record Run(int at, String text) {
    }

    /** What was removed from the old text and added to the new one, each in text order. */
    public record Result(List<Run> added, List<Run> removed) {
    }

    private enum Op { EQUAL, INSERT, DELETE }

    private final int[] a;
    private final int[] b;
    /** Edit ops as (op, count) in order. */
    private final List<Op> ops = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();

    private TextDiff(int[] a, int[] b) {
        this.a = a;
        this.b = b;
    }

    public static Result diff(String from, String to) {
        TextDiff d = new TextDiff(from.codePoints().toArray(), to.codePoints().toArray());
        d.diff(0, d.a.length, 0, d.b.length);
        return d.result(from, to);
    }

    private void diff(int aLo, int aHi, int bLo, int bHi) {
        int prefix = 0;
        while (aLo + prefix < aHi && bLo + prefix < bHi && a[aLo + prefix] == b[bLo + prefix]) {
            prefix++;
        }
        emit(Op.EQUAL, prefix);
        aLo += prefix;
        bLo += prefix;
        int suffix = 0;
        while (aHi - suffix > aLo && bHi - suffix > bLo && a[aHi - suffix - 1] == b[bHi - suffix - 1]) {
            suffix++;
        }
        aHi -= suffix;
        bHi -= suffix;
        if (aLo == aHi) {
            emit(Op.INSERT, bHi - bLo);
        } else if (bLo == bHi) {
            emit(Op.DELETE, aHi - aLo);
        } else {
            int[] split = middle(aLo, aHi, bLo, bHi);
            if (split == null) {
                emit(Op.DELETE, aHi - aLo);
                emit(Op.INSERT, bHi - bLo);
            } else {
                diff(aLo, split[0], bLo, split[1]);
                diff(split[0], aHi, split[1], bHi);
            }
        }
        emit(Op.EQUAL, suffix);
    }

    /**
     * Walks the D-paths from both corners until they overlap and returns the point {x, y} where they meet (absolute
     * indexes); both halves around it are strictly smaller problems. Null when the texts share nothing.
     */
    private int[] middle(int aLo, int aHi, int bLo, int bHi) {
        int n = aHi - aLo;
        int m = bHi - bLo;
        int max = (n + m + 1) / 2;
        int offset = max;
        int size = 2 * max + 2;
        int[] forward = new int[size];
        int[] reverse = new int[size];
        java.util.Arrays.fill(forward, -1);
        java.util.Arrays.fill(reverse, -1);
        forward[offset + 1] = 0;
        reverse[offset + 1] = 0;
        int delta = n - m;
        boolean oddDelta = (delta & 1) != 0;
        // diagonals that ran off the grid are skipped from then on
        int fStart = 0, fEnd = 0, rStart = 0, rEnd = 0;
        for (int d = 0; d < max; d++) {
            for (int k = -d + fStart; k <= d - fEnd; k += 2) {
                int ki = offset + k;
                int x = k == -d || (k != d && forward[ki - 1] < forward[ki + 1]) ? forward[ki + 1] : forward[ki - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[aLo + x] == b[bLo + y]) {
                    x++;
                    y++;
                }
                forward[ki] = x;
                if (x > n) {
                    fEnd += 2;
                } else if (y > m) {
                    fStart += 2;
                } else if (oddDelta) {
                    int ri = offset + delta - k;
                    if (ri >= 0 && ri < size && reverse[ri] != -1 && x >= n - reverse[ri]) {
                        return new int[] {aLo + x, bLo + y};
                    }
                }
            }
            for (int k = -d + rStart; k <= d - rEnd; k += 2) {
                int ki = offset + k;
                int x = k == -d || (k != d && reverse[ki - 1] < reverse[ki + 1]) ? reverse[ki + 1] : reverse[ki - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[aHi - 1 - x] == b[bHi - 1 - y]) {
                    x++;
                    y++;
                }
                reverse[ki] = x;
                if (x > n) {
                    rEnd += 2;
                } else if (y > m) {
                    rStart += 2;
                } else if (!oddDelta) {
                    int fi = offset + delta - k;
                    if (fi >= 0 && fi < size && forward[fi] != -1) {
                        int fx = forward[fi];
                        int fy = fx - (delta - k);
                        if (fx >= n - x) {
                            return new int[] {aLo + fx, bLo + fy};
                        }
                    }
                }
            }
        }
        return null;
    }

    private void emit(Op op, int count) {
        if (count == 0) {
            return;
        }
        int last = ops.size() - 1;
        if (last >= 0 && ops.get(last) == op) {
            counts.set(last, counts.get(last) + count);
        } else {
            ops.add(op);
            counts.add(count);
        }
    }

    private Result result(String from, String to) {
        List<Run> added = new ArrayList<>();
        List<Run> removed = new ArrayList<>();
        int ai = 0;
        int bi = 0;
        int aUnits = 0;
        int bUnits = 0;
        for (int i = 0; i < ops.size(); i++) {
            int c = counts.get(i);
            switch (ops.get(i)) {
                case EQUAL -> {
                    aUnits += units(a, ai, c);
                    bUnits += units(b, bi, c);
                    ai += c;
                    bi += c;
                }
                case DELETE -> {
                    int u = units(a, ai, c);
                    removed.add(new Run(aUnits, from.substring(aUnits, aUnits + u)));
                    aUnits += u;
                    ai += c;
                }
                case INSERT -> {
                    int u = units(b, bi, c);
                    added.add(new Run(bUnits, to.substring(bUnits, bUnits + u)));
                    bUnits += u;
                    bi += c;
                }
            }
        }
        return new Result(added, removed);
    }

    private static int units(int[] codePoints, int from, int count) {
        int u = 0;
        for (int i = from; i < from + count; i++) {
            u += Character.charCount(codePoints[i]);
        }
        return u;
    }
}
