package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes the delta of a {@link YEvent.YTextEvent} the way Yjs does (including attribute changes). */
final class TextDelta {
    private TextDelta() {}

    private static final class State {
        final List<Map<String, Object>> delta = new ArrayList<>();
        final Map<String, Object> currentAttributes = new LinkedHashMap<>();
        final Map<String, Object> oldAttributes = new HashMap<>();
        final Map<String, Object> attributes = new LinkedHashMap<>();
        String action;
        Object insert = "";
        int retain, deleteLen;

        void addOp() {
            if (action == null) return;
            Map<String, Object> op = null;
            switch (action) {
                case "delete":
                    if (deleteLen > 0) {
                        op = new LinkedHashMap<>();
                        op.put("delete", deleteLen);
                    }
                    deleteLen = 0;
                    break;
                case "insert":
                    if (!(insert instanceof String) || ((String) insert).length() > 0) {
                        op = new LinkedHashMap<>();
                        op.put("insert", insert);
                        if (!currentAttributes.isEmpty()) {
                            Map<String, Object> a = new LinkedHashMap<>();
                            for (Map.Entry<String, Object> e : currentAttributes.entrySet()) {
                                if (e.getValue() != null) a.put(e.getKey(), e.getValue());
                            }
                            op.put("attributes", a);
                        }
                    }
                    insert = "";
                    break;
                case "retain":
                    if (retain > 0) {
                        op = new LinkedHashMap<>();
                        op.put("retain", retain);
                        if (!attributes.isEmpty()) op.put("attributes", new LinkedHashMap<>(attributes));
                    }
                    retain = 0;
                    break;
                default:
                    break;
            }
            if (op != null) delta.add(op);
            action = null;
        }
    }

    static void compute(YEvent.YTextEvent ev) {
        State s = new State();
        ev.target.doc.transact(null, true, tr -> {
            for (Item item = ev.target.start; item != null; item = item.right) {
                Content c = item.content;
                if (c instanceof ContentType || c instanceof ContentEmbed) {
                    if (ev.adds(item)) {
                        if (!ev.deletes(item)) {
                            s.addOp();
                            s.action = "insert";
                            s.insert = c.values().get(0);
                            s.addOp();
                        }
                    } else if (ev.deletes(item)) {
                        if (!"delete".equals(s.action)) {
                            s.addOp();
                            s.action = "delete";
                        }
                        s.deleteLen += 1;
                    } else if (!item.isDeleted()) {
                        if (!"retain".equals(s.action)) {
                            s.addOp();
                            s.action = "retain";
                        }
                        s.retain += 1;
                    }
                } else if (c instanceof ContentString) {
                    if (ev.adds(item)) {
                        if (!ev.deletes(item)) {
                            if (!"insert".equals(s.action)) {
                                s.addOp();
                                s.action = "insert";
                            }
                            s.insert = s.insert + c.toString();
                        }
                    } else if (ev.deletes(item)) {
                        if (!"delete".equals(s.action)) {
                            s.addOp();
                            s.action = "delete";
                        }
                        s.deleteLen += item.length;
                    } else if (!item.isDeleted()) {
                        if (!"retain".equals(s.action)) {
                            s.addOp();
                            s.action = "retain";
                        }
                        s.retain += item.length;
                    }
                } else if (c instanceof ContentFormat) {
                    ContentFormat cf = (ContentFormat) c;
                    if (ev.adds(item)) {
                        if (!ev.deletes(item)) {
                            Object curVal = s.currentAttributes.get(cf.key);
                            if (!YText.equalAttrs(curVal, cf.value)) {
                                if ("retain".equals(s.action)) s.addOp();
                                if (YText.equalAttrs(cf.value, s.oldAttributes.get(cf.key))) s.attributes.remove(cf.key);
                                else s.attributes.put(cf.key, cf.value);
                            } else if (cf.value != null) {
                                item.delete(tr);
                            }
                        }
                    } else if (ev.deletes(item)) {
                        s.oldAttributes.put(cf.key, cf.value);
                        Object curVal = s.currentAttributes.get(cf.key);
                        if (!YText.equalAttrs(curVal, cf.value)) {
                            if ("retain".equals(s.action)) s.addOp();
                            s.attributes.put(cf.key, curVal);
                        }
                    } else if (!item.isDeleted()) {
                        s.oldAttributes.put(cf.key, cf.value);
                        if (s.attributes.containsKey(cf.key)) {
                            Object attr = s.attributes.get(cf.key);
                            if (!YText.equalAttrs(attr, cf.value)) {
                                if ("retain".equals(s.action)) s.addOp();
                                if (cf.value == null) s.attributes.remove(cf.key);
                                else s.attributes.put(cf.key, cf.value);
                            } else if (attr != null) {
                                item.delete(tr);
                            }
                        }
                    }
                    if (!item.isDeleted()) {
                        if ("insert".equals(s.action)) s.addOp();
                        YText.updateCurrentAttributes(s.currentAttributes, cf);
                    }
                }
            }
            s.addOp();
            while (!s.delta.isEmpty()) {
                Map<String, Object> last = s.delta.get(s.delta.size() - 1);
                if (last.containsKey("retain") && !last.containsKey("attributes")) s.delta.remove(s.delta.size() - 1);
                else break;
            }
        });
        ev.setDelta(s.delta);
    }
}
