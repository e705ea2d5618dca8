package dev.aqueduct.core.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The diff's runs turn the old text into the new one, and there are as few edited characters as possible: their
 * number is checked against the longest common subsequence computed by dynamic programming.
 */
class TextDiffTest {

    @Test
    void randomTextsGetAShortestEditScript() {
        Random r = new Random(42);
        String alphabet = "abc \n\u00e9\ud83d\ude00";
        for (int round = 0; round < 2000; round++) {
            String from = random(r, alphabet, r.nextInt(40));
            String to = r.nextBoolean() ? random(r, alphabet, r.nextInt(40)) : mutate(r, from, alphabet);
            check(from, to);
        }
    }

    @Test
    void longTextsWithAFewEditsStayShort() {
        Random r = new Random(7);
        String from = random(r, "abcdefghij ", 200_000);
        StringBuilder to = new StringBuilder(from);
        int budget = 0;
        for (int i = 0; i < 20; i++) {
            int at = r.nextInt(to.length() - 10);
            int removed = r.nextInt(8);
            to.delete(at, at + removed);
            to.insert(at, "xyz".repeat(1 + r.nextInt(3)));
            budget += removed + 9;
        }
        assertTrue(rebuildAndCount(from, to.toString()) <= budget);
    }

    private static void check(String from, String to) {
        int edited = rebuildAndCount(from, to);
        int[] a = from.codePoints().toArray();
        int[] b = to.codePoints().toArray();
        assertEquals(a.length + b.length - 2 * lcs(a, b), edited, from + " -> " + to);
    }

    /** Applies the diff's runs to {@code from}, checks that they give {@code to}, returns the edited code points. */
    private static int rebuildAndCount(String from, String to) {
        TextDiff.Result d = TextDiff.diff(from, to);
        StringBuilder rebuilt = new StringBuilder(from);
        int edited = 0;
        for (int i = d.removed().size() - 1; i >= 0; i--) {
            TextDiff.Run run = d.removed().get(i);
            assertEquals(run.text(), rebuilt.substring(run.at(), run.at() + run.text().length()));
            rebuilt.delete(run.at(), run.at() + run.text().length());
            edited += run.text().codePointCount(0, run.text().length());
        }
        for (TextDiff.Run run : d.added()) {
            rebuilt.insert(run.at(), run.text());
            edited += run.text().codePointCount(0, run.text().length());
        }
        assertEquals(to, rebuilt.toString());
        return edited;
    }

    private static int lcs(int[] a, int[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }

    private static String random(Random r, String alphabet, int length) {
        int[] cps = alphabet.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(cps[r.nextInt(cps.length)]);
        }
        return sb.toString();
    }

    private static String mutate(Random r, String s, String alphabet) {
        int[] cps = s.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int cp : cps) {
            int x = r.nextInt(100);
            if (x < 3) {
                continue;
            }
            if (x < 6) {
                sb.append(random(r, alphabet, 1 + r.nextInt(3)));
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
