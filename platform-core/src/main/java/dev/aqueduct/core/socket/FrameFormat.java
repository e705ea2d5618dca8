package dev.aqueduct.core.socket;

import java.util.List;

/**
 * How a protocol's encoded messages travel in frames: a frame is a {@code String} (a text frame) or a {@code byte[]}
 * (a binary frame), and a protocol that accepts batches says how several messages share one frame.
 */
public interface FrameFormat {

    /** Several encoded messages as one frame. */
    Object batch(List<Object> frames);

    /** The size of an encoded frame, for queue bounds (characters of text, bytes of binary). */
    static int size(Object frame) {
        return frame instanceof String s ? s.length() : ((byte[]) frame).length;
    }
}
