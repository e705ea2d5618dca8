package dev.aqueduct.crdt;

/** Garbage-collected structs: only their id range remains. */
final class GC extends AbstractStruct {
    GC(long client, int clock, int length) { super(client, clock, length); }

    @Override
    boolean isDeleted() { return true; }

    @Override
    boolean mergeWith(AbstractStruct right) {
        if (right.getClass() != GC.class) return false;
        length += right.length;
        return true;
    }

    @Override
    void write(UpdateEncoder encoder, int offset) {
        encoder.writeInfo(0);
        encoder.writeLen(length - offset);
    }

    @Override
    void integrate(Transaction tr, int offset) {
        if (offset > 0) {
            clock += offset;
            length -= offset;
        }
        tr.doc.store.addStruct(this);
    }

    @Override
    long getMissing(Transaction tr, StructStore store) { return -1; }
}
