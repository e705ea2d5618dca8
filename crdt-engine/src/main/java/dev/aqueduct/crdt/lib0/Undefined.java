package dev.aqueduct.crdt.lib0;

/** The JavaScript value {@code undefined}, as it can appear in Yjs content. */
public final class Undefined {
    public static final Undefined INSTANCE = new Undefined();

    private Undefined() {}

    @Override
    public String toString() { return "undefined"; }
}
