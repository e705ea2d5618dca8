package dev.aqueduct.crdt;

import java.util.List;

final class ContentBinary extends Content {
    final byte[] content;

    ContentBinary(byte[] content) { this.content = content; }

    @Override int length() { return 1; }
    @Override boolean isCountable() { return true; }
    @Override List<Object> values() { return List.of(content); }
    @Override Content copy() { return new ContentBinary(content); }
    @Override Content splice(int offset) { throw new UnsupportedOperationException(); }
    @Override boolean mergeWith(Content right) { return false; }
    @Override void write(UpdateEncoder e, int offset) { e.writeBuf(content); }
    @Override int ref() { return BINARY; }
}
