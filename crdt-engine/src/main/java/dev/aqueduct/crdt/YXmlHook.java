package dev.aqueduct.crdt;

/** A custom node in an XML tree, stored as a map plus a hook name. */
public class YXmlHook extends YMap {
    final String hookName;

    public YXmlHook(String hookName) { this.hookName = hookName; }

    public String hookName() { return hookName; }

    @Override AbstractType copyEmpty() { return new YXmlHook(hookName); }

    @Override
    void writeTypeRef(UpdateEncoder e) {
        e.writeTypeRef(XML_HOOK);
        e.writeKey(hookName);
    }

    @Override
    public String toString() { return "[object Object]"; }
}
