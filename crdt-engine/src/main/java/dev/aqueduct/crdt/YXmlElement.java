package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An XML element: a node name, attributes and child nodes. */
public class YXmlElement extends YXmlFragment {
    final String nodeName;

    public YXmlElement(String nodeName) { this.nodeName = nodeName; }

    public String nodeName() { return nodeName; }

    @Override AbstractType copyEmpty() { return new YXmlElement(nodeName); }

    @Override
    void writeTypeRef(UpdateEncoder e) {
        e.writeTypeRef(XML_ELEMENT);
        e.writeKey(nodeName);
    }

    public void setAttribute(String name, Object value) { transactLocal(tr -> mapSet(tr, name, value)); }

    public void removeAttribute(String name) { transactLocal(tr -> mapDelete(tr, name)); }

    public Object getAttribute(String name) { return mapGet(name); }

    public boolean hasAttribute(String name) { return mapHas(name); }

    public Map<String, Object> getAttributes() { return mapGetAll(); }

    public AbstractType nextSibling() { return siblingType(true); }

    public AbstractType prevSibling() { return siblingType(false); }

    @Override
    public String toString() {
        Map<String, Object> attrs = mapGetAll();
        List<String> keys = new ArrayList<>(dev.aqueduct.crdt.lib0.JsValues.keyOrder(attrs));
        Collections.sort(keys);
        StringBuilder sb = new StringBuilder();
        String name = nodeName.toLowerCase(Locale.ROOT);
        sb.append('<').append(name);
        if (!keys.isEmpty()) {
            for (String k : keys) sb.append(' ').append(k).append("=\"").append(JsString.of(attrs.get(k))).append('"');
        }
        sb.append('>').append(super.toString()).append("</").append(name).append('>');
        return sb.toString();
    }
}
