package dev.aqueduct.core.bindings;

import dev.aqueduct.api.spi.EditorBinding;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The editor bindings of the platform, by format, and the default one ({@code aqueduct.documents.default-binding}),
 * which also validates every change of a document before it is applied.
 */
public final class Bindings {

    private final Supplier<List<EditorBinding>> all;
    private final Supplier<String> defaultFormat;
    /** Whether a binding class overrides {@link EditorBinding#validate} (the default accepts everything). */
    private final Map<Class<?>, Boolean> validates = new ConcurrentHashMap<>();

    public Bindings(Supplier<List<EditorBinding>> all, Supplier<String> defaultFormat) {
        this.all = all;
        this.defaultFormat = defaultFormat;
    }

    /** The binding of {@code format}, or the default one for {@code null}/blank. */
    public EditorBinding byFormat(String format) {
        String wanted = format == null || format.isBlank() ? defaultFormat.get() : format.trim();
        List<EditorBinding> bindings = all.get();
        return bindings.stream().filter(b -> b.format().equals(wanted)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no editor binding '" + wanted + "'; available: "
                        + String.join(", ", bindings.stream().map(EditorBinding::format).toList())));
    }

    /**
     * The default binding when it validates changes, else {@code null}: asking the others would cost an encoding
     * of the document per change for nothing.
     */
    public EditorBinding validator() {
        EditorBinding b;
        try {
            b = byFormat(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return validates.computeIfAbsent(b.getClass(), Bindings::overridesValidate) ? b : null;
    }

    private static boolean overridesValidate(Class<?> c) {
        try {
            return c.getMethod("validate", byte[].class, byte[].class).getDeclaringClass() != EditorBinding.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
