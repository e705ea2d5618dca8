package dev.aqueduct.crdt;

import java.util.Collections;
import java.util.List;

final class ContentEmbed extends Content {
    final Object embed;

    ContentEmbed(Object embed) { this.embed = embed; }

    @Override int length() { return 1; }
    @Override boolean isCountable() { return true; }
    @Override List<Object> values() { return Collections.singletonList(embed); }
    @Override Content copy() { return new ContentEmbed(embed); }
    @Override Content splice(int offset) { throw new UnsupportedOperationException(); }
    @Override boolean mergeWith(Content right) { return false; }
    @Override void write(UpdateEncoder e, int offset) { e.writeJson(embed); }
    @Override int ref() { return EMBED; }
}
