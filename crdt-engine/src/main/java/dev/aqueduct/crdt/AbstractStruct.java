package dev.aqueduct.crdt;

/** A run of consecutive clocks of one client: an {@link Item}, a {@link GC} or a {@link Skip}. */
abstract class AbstractStruct {
    final long client;
    int clock;
    int length;

    AbstractStruct(long client, int clock, int length) {
        this.client = client;
        this.clock = clock;
        this.length = length;
    }

    ID id() { return new ID(client, clock); }

    abstract boolean isDeleted();

    abstract boolean mergeWith(AbstractStruct right);

    abstract void write(UpdateEncoder encoder, int offset);

    abstract void integrate(Transaction tr, int offset);

    /** Returns the client whose structs are missing to integrate this one, or -1. */
    abstract long getMissing(Transaction tr, StructStore store);
}
