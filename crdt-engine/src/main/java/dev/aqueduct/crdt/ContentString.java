package dev.aqueduct.crdt;

import java.util.ArrayList;
import java.util.List;

/**
 * Text content; length is counted in UTF-16 code units as in Yjs. Holds an immutable String until
 * the first merge, then a StringBuilder (typing appends to the same item over and over).
 */
final class ContentString extends Content {
    private String s;
    private StringBuilder sb;

    ContentString(String s) { this.s = s; }

    CharSequence chars() { return sb != null ? sb : s; }

    @Override
    public String toString() { return sb != null ? sb.toString() : s; }

    @Override int length() { return sb != null ? sb.length() : s.length(); }
    @Override boolean isCountable() { return true; }

    @Override
    List<Object> values() {
        CharSequence c = chars();
        List<Object> l = new ArrayList<>(c.length());
        for (int i = 0; i < c.length(); i++) l.add(String.valueOf(c.charAt(i)));
        return l;
    }

    @Override Content copy() { return new ContentString(toString()); }

    @Override
    Content splice(int offset) {
        CharSequence c = chars();
        String right = c.subSequence(offset, c.length()).toString();
        char last = c.charAt(offset - 1);
        boolean splitPair = last >= 0xD800 && last <= 0xDBFF;
        if (sb != null) {
            sb.setLength(offset);
            if (splitPair) sb.setCharAt(offset - 1, '\uFFFD');
        } else {
            s = splitPair ? s.substring(0, offset - 1) + '\uFFFD' : s.substring(0, offset);
        }
        // a surrogate pair was split: both halves become replacement characters, as in Yjs
        if (splitPair) right = '\uFFFD' + right.substring(1);
        return new ContentString(right);
    }

    @Override
    boolean mergeWith(Content right) {
        append(((ContentString) right).chars());
        return true;
    }

    void append(CharSequence text) {
        if (sb == null) {
            sb = new StringBuilder(Math.max(16, s.length() * 2)).append(s);
            s = null;
        }
        sb.append(text);
    }

    @Override
    void write(UpdateEncoder e, int offset) {
        if (sb == null && offset == 0) e.writeString(s);
        else e.writeString(chars(), offset);
    }

    @Override int ref() { return STRING; }
}
