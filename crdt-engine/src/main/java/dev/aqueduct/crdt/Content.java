package dev.aqueduct.crdt;

import java.util.List;

/** The payload of an {@link Item}. The ref numbers are those of the Yjs binary format. */
abstract class Content {
    static final int DELETED = 1, JSON = 2, BINARY = 3, STRING = 4, EMBED = 5, FORMAT = 6, TYPE = 7, ANY = 8, DOC = 9;

    abstract int length();

    abstract boolean isCountable();

    /** The user-visible values of this content (one per clock for countable content). */
    abstract List<Object> values();

    abstract Content copy();

    /** Keeps [0, offset) here and returns the rest. */
    abstract Content splice(int offset);

    abstract boolean mergeWith(Content right);

    void integrate(Transaction tr, Item item) {}

    void delete(Transaction tr) {}

    void gc(StructStore store) {}

    abstract void write(UpdateEncoder encoder, int offset);

    abstract int ref();

    static Content read(UpdateDecoder d, int info) {
        switch (info & 0x1F) {
            case DELETED: return new ContentDeleted(d.readLen());
            case JSON: return ContentJson.read(d);
            case BINARY: return new ContentBinary(d.readBuf());
            case STRING: return new ContentString(d.readString());
            case EMBED: return new ContentEmbed(d.readJson());
            case FORMAT: return new ContentFormat(d.readKey(), d.readJson());
            case TYPE: return new ContentType(AbstractType.readType(d));
            case ANY: return ContentAny.read(d);
            case DOC: return ContentDoc.read(d);
            default: throw new dev.aqueduct.crdt.lib0.DecodingException("unknown content ref " + (info & 0x1F));
        }
    }
}
