package dev.aqueduct.example;

import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.api.spi.LifecycleHook;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A {@link LifecycleHook} that vetoes room-bus messages and document changes containing one of the words in
 * {@code aqueduct.plugin.word-filter.words} (comma-separated, case-insensitive): the publisher gets
 * {@code error forbidden} with the reason and nobody receives the message; an editor's change is refused and
 * not stored. With no words configured it changes nothing. The template for hooks that validate traffic.
 *
 * <p>Document changes arrive as Yjs updates; inserted text stands in them as UTF-8, which is all this example looks
 * at. A real content filter would read the document through an editor binding.
 */
public final class WordFilterHookFactory implements PluginFactory<LifecycleHook> {

    private volatile List<String> words = List.of();

    @Override
    public String id() {
        return "word-filter";
    }

    @Override
    public Class<LifecycleHook> spi() {
        return LifecycleHook.class;
    }

    @Override
    public void init(PluginConfig config) {
        words = Arrays.stream(config.get("words", "").split(",")).map(w -> w.trim().toLowerCase(Locale.ROOT))
                .filter(w -> !w.isEmpty()).toList();
    }

    @Override
    public LifecycleHook create(PluginContext context) {
        List<String> banned = words;
        return new LifecycleHook() {
            @Override
            public void onMessage(HookContext ctx) {
                if (ctx.payload() instanceof String text) {
                    refuseBanned(text, "the message");
                }
            }

            @Override
            public void onChange(HookContext ctx) {
                if (ctx.payload() instanceof byte[] update) {
                    refuseBanned(new String(update, StandardCharsets.UTF_8), "the change");
                }
            }

            private void refuseBanned(String text, String what) {
                String lower = text.toLowerCase(Locale.ROOT);
                for (String w : banned) {
                    if (lower.contains(w)) {
                        throw new HookVetoException(what + " contains a word that is not allowed here");
                    }
                }
            }
        };
    }
}
