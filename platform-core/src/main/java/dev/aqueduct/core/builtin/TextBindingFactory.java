package dev.aqueduct.core.builtin;

import dev.aqueduct.core.bindings.TextBinding;

/** The {@code text} editor binding: plain text in the root {@code Y.Text} {@code aqueduct.plugin.binding-text.field}. */
public final class TextBindingFactory extends FieldBindingFactory {

    static final String DEFAULT_FIELD = "text";

    public TextBindingFactory() {
        super("binding-text", DEFAULT_FIELD, TextBinding::new);
    }
}
