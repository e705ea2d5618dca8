package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random concurrent editing sessions driven by the Java engine alone. */
final class JavaSessions {
    final Random rnd;
    final List<YDoc> docs = new ArrayList<>();
    final List<List<byte[]>> outV1 = new ArrayList<>();
    final List<List<byte[]>> outV2 = new ArrayList<>();
    /** Every update any replica emitted, in emission order (V1). */
    final List<byte[]> allV1 = new ArrayList<>();
    final List<byte[]> allV2 = new ArrayList<>();
    final int[][] delivered;

    // No astral characters here: an index inside a surrogate pair makes Yjs itself (and so this
    // engine) replace the halves with U+FFFD on some replicas only. The Yjs replay test covers them.
    private static final String[] WORDS = {"a", "bc", "def", " ", "\n", "ü", "€", "xyz", "Grüße"};

    JavaSessions(long seed, int replicas, boolean gc) {
        rnd = new Random(seed);
        delivered = new int[replicas][replicas];
        for (int r = 0; r < replicas; r++) {
            YDoc d = new YDoc(new YDoc.Options().clientId(r + 1 + rnd.nextInt(1 << 20) * 8L).gc(gc));
            d.getText("text");
            d.getArray("array");
            d.getMap("map");
            d.getXmlFragment("xml");
            List<byte[]> l1 = new ArrayList<>(), l2 = new ArrayList<>();
            d.onUpdate((u, o) -> {
                l1.add(u);
                allV1.add(u);
            });
            d.onUpdateV2((u, o) -> {
                l2.add(u);
                allV2.add(u);
            });
            docs.add(d);
            outV1.add(l1);
            outV2.add(l2);
        }
    }

    String str() {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        return sb.toString();
    }

    Object value(int depth) {
        switch (rnd.nextInt(depth > 1 ? 6 : 8)) {
            case 0: return rnd.nextInt(1000) - 500;
            case 1: return new double[] {0.5, -1.25, 1e21, 3.3}[rnd.nextInt(4)];
            case 2: return str();
            case 3: return rnd.nextBoolean();
            case 4: return null;
            case 5: return new byte[] {(byte) rnd.nextInt(256)};
            case 6: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = rnd.nextInt(3); i > 0; i--) m.put(new String[] {"k", "l", "1"}[rnd.nextInt(3)], value(depth + 1));
                return m;
            }
            default: {
                List<Object> l = new ArrayList<>();
                for (int i = rnd.nextInt(3); i > 0; i--) l.add(value(depth + 1));
                return l;
            }
        }
    }

    Map<String, Object> attrs() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 1 + rnd.nextInt(2); i > 0; i--) {
            m.put(new String[] {"bold", "italic", "color"}[rnd.nextInt(3)], new Object[] {true, null, "red", 2}[rnd.nextInt(4)]);
        }
        return m;
    }

    List<AbstractType> targets(YDoc d) {
        List<AbstractType> t = new ArrayList<>(List.of(d.getText("text"), d.getArray("array"), d.getMap("map"), d.getXmlFragment("xml")));
        YMap m = d.getMap("map");
        for (String k : new String[] {"t", "a", "m"}) {
            Object v = m.get(k);
            if (v instanceof AbstractType) t.add((AbstractType) v);
        }
        YXmlFragment x = d.getXmlFragment("xml");
        for (int i = 0; i < Math.min(3, x.length()); i++) {
            Object c = x.get(i);
            if (c instanceof AbstractType) t.add((AbstractType) c);
        }
        return t;
    }

    void randomOp(YDoc d) {
        List<AbstractType> ts = targets(d);
        AbstractType t = ts.get(rnd.nextInt(ts.size()));
        int c = rnd.nextInt(10);
        if (t instanceof YText) {
            YText y = (YText) t;
            int len = y.length();
            if (c < 4 || len == 0) y.insert(rnd.nextInt(len + 1), str(), rnd.nextInt(3) == 0 ? attrs() : null);
            else if (c < 6) {
                int i = rnd.nextInt(len);
                y.delete(i, 1 + rnd.nextInt(Math.min(5, len - i)));
            } else if (c < 8) {
                int i = rnd.nextInt(len);
                y.format(i, 1 + rnd.nextInt(Math.min(6, len - i)), attrs());
            } else {
                y.insertEmbed(rnd.nextInt(len + 1), Map.of("img", str()), rnd.nextBoolean() ? attrs() : null);
            }
        } else if (t instanceof YArray) {
            YArray y = (YArray) t;
            int len = y.length();
            if (c < 5 || len == 0) {
                List<Object> vals = new ArrayList<>();
                for (int i = 1 + rnd.nextInt(3); i > 0; i--) vals.add(value(0));
                y.insert(rnd.nextInt(len + 1), vals);
            } else if (c < 6) {
                y.push(Collections.singletonList(value(0)));
            } else {
                int i = rnd.nextInt(len);
                y.delete(i, 1 + rnd.nextInt(Math.min(3, len - i)));
            }
        } else if (t instanceof YXmlElement && c < 4) {
            ((YXmlElement) t).setAttribute(new String[] {"class", "id"}[rnd.nextInt(2)], str());
        } else if (t instanceof YXmlFragment) {
            YXmlFragment y = (YXmlFragment) t;
            int len = y.length();
            if (c < 5 || len == 0) y.insert(rnd.nextInt(len + 1), List.of(rnd.nextBoolean() ? new YXmlElement("p") : new YXmlText()));
            else y.delete(rnd.nextInt(len), 1);
        } else if (t instanceof YMap) {
            YMap y = (YMap) t;
            String k = new String[] {"a", "b", "c", "t", "a", "m"}[rnd.nextInt(6)];
            if (c < 5) y.set(k, value(0));
            else if (c < 7 && t == d.getMap("map")) y.set(k, rnd.nextBoolean() ? new YText() : rnd.nextBoolean() ? new YArray() : new YMap());
            else y.delete(k);
        }
    }

    void deliver(int to) {
        List<byte[][]> batch = new ArrayList<>();
        for (int from = 0; from < docs.size(); from++) {
            if (from == to) continue;
            List<byte[]> o1 = outV1.get(from), o2 = outV2.get(from);
            int pend = o1.size() - delivered[to][from];
            int n = rnd.nextInt(pend + 1);
            for (int i = 0; i < n; i++) {
                int k = delivered[to][from] + i;
                batch.add(new byte[][] {o1.get(k), o2.get(k)});
            }
            delivered[to][from] += n;
            if (rnd.nextInt(5) == 0 && !o1.isEmpty()) {
                int k = rnd.nextInt(o1.size());
                batch.add(new byte[][] {o1.get(k), o2.get(k)});
            }
        }
        if (rnd.nextBoolean()) Collections.shuffle(batch, rnd);
        for (byte[][] u : batch) {
            if (rnd.nextBoolean()) docs.get(to).applyUpdateV2(u[1]);
            else docs.get(to).applyUpdate(u[0]);
        }
    }

    void run(int steps) {
        for (int s = 0; s < steps; s++) {
            int r = rnd.nextInt(docs.size());
            if (rnd.nextInt(4) == 0) {
                deliver(r);
                continue;
            }
            YDoc d = docs.get(r);
            int n = rnd.nextInt(5) == 0 ? 2 + rnd.nextInt(2) : 1;
            d.transact(tr -> {
                for (int i = 0; i < n; i++) randomOp(d);
            });
        }
    }

    void fullSync() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < docs.size(); i++) {
                for (int j = 0; j < docs.size(); j++) {
                    if (i != j) docs.get(j).applyUpdate(docs.get(i).encodeStateAsUpdate(docs.get(j).encodeStateVector()));
                }
            }
        }
    }
}
