package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.List;

/** Text content; length is counted in UTF-16 code units as in Yjs. */
final class ContentString extends Content {
    final StringBuilder str;

    ContentString(String s) { this.str = new StringBuilder(s); }

    private ContentString(StringBuilder sb) { this.str = sb; }

    @Override int length() { return str.length(); }
    @Override boolean isCountable() { return true; }

    @Override
    List<Object> values() {
        List<Object> l = new ArrayList<>(str.length());
        for (int i = 0; i < str.length(); i++) l.add(String.valueOf(str.charAt(i)));
        return l;
    }

    @Override Content copy() { return new ContentString(str.toString()); }

    @Override
    Content splice(int offset) {
        ContentString right = new ContentString(new StringBuilder(str.length() - offset + 16).append(str, offset, str.length()));
        str.setLength(offset);
        char c = str.charAt(offset - 1);
        if (c >= 0xD800 && c <= 0xDBFF) {
            // a surrogate pair was split: both halves become replacement characters, as in Yjs
            str.setCharAt(offset - 1, '\uFFFD');
            right.str.setCharAt(0, '\uFFFD');
        }
        return right;
    }

    @Override
    boolean mergeWith(Content right) {
        str.append(((ContentString) right).str);
        return true;
    }

    @Override
    void write(UpdateEncoder e, int offset) {
        e.writeString(offset == 0 ? str.toString() : str.substring(offset));
    }

    @Override int ref() { return STRING; }
}
