package dev.aqueduct.crdt;

/** A gap in an update: clocks the update does not carry. Never integrated. */
final class Skip extends AbstractStruct {
    Skip(long client, int clock, int length) { super(client, clock, length); }

    @Override
    boolean isDeleted() { return true; }

    @Override
    boolean mergeWith(AbstractStruct right) {
        if (right.getClass() != Skip.class) return false;
        length += right.length;
        return true;
    }

    @Override
    void write(UpdateEncoder encoder, int offset) {
        encoder.writeInfo(10);
        encoder.restWriter().writeVarUint(length - offset);
    }

    @Override
    void integrate(Transaction tr, int offset) { throw new IllegalStateException("Skip cannot be integrated"); }

    @Override
    long getMissing(Transaction tr, StructStore store) { return -1; }
}
