package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Text inside an XML tree; formatting attributes serialize as nested elements. */
public class YXmlText extends YText {
    @Override AbstractType copyEmpty() { return new YXmlText(); }

    @Override void writeTypeRef(UpdateEncoder e) { e.writeTypeRef(XML_TEXT); }

    public AbstractType nextSibling() { return siblingType(true); }

    public AbstractType prevSibling() { return siblingType(false); }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> d : toDelta()) {
            List<String[]> nodes = new ArrayList<>();
            List<List<String[]>> nodeAttrs = new ArrayList<>();
            Object attributes = d.get("attributes");
            if (attributes instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> am = (Map<String, Object>) attributes;
                for (String nodeName : dev.aqueduct.crdt.lib0.JsValues.keyOrder(am)) {
                    Object v = am.get(nodeName);
                    List<String[]> attrs = new ArrayList<>();
                    if (v instanceof Map) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> vm = (Map<String, Object>) v;
                        for (String k : dev.aqueduct.crdt.lib0.JsValues.keyOrder(vm)) attrs.add(new String[] {k, JsString.of(vm.get(k))});
                    } else if (v instanceof String) {
                        String s = (String) v;
                        for (int i = 0; i < s.length(); i++) attrs.add(new String[] {Integer.toString(i), String.valueOf(s.charAt(i))});
                    }
                    attrs.sort((a, b) -> a[0].compareTo(b[0]) < 0 ? -1 : 1);
                    nodes.add(new String[] {nodeName});
                    nodeAttrs.add(attrs);
                }
            }
            Integer[] order = new Integer[nodes.size()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            java.util.Arrays.sort(order, (a, b) -> nodes.get(a)[0].compareTo(nodes.get(b)[0]) < 0 ? -1 : 1);
            for (Integer i : order) {
                out.append('<').append(nodes.get(i)[0]);
                for (String[] a : nodeAttrs.get(i)) out.append(' ').append(a[0]).append("=\"").append(a[1]).append('"');
                out.append('>');
            }
            out.append(JsString.of(d.get("insert")));
            for (int k = order.length - 1; k >= 0; k--) out.append("</").append(nodes.get(order[k])[0]).append('>');
        }
        return out.toString();
    }

    @Override
    public String toJson() {
        StringBuilder sb = new StringBuilder();
        dev.aqueduct.crdt.lib0.Json.quote(sb, toString());
        return sb.toString();
    }
}
