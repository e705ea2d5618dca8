package dev.aqueduct.example;

import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.api.spi.LifecycleHook;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A {@link LifecycleHook} that vetoes room-bus messages containing one of the words in
 * {@code aqueduct.plugin.word-filter.words} (comma-separated, case-insensitive): the publisher gets
 * {@code error forbidden} with the reason, and nobody receives the message. With no words configured it changes
 * nothing. The template for hooks that validate or enrich traffic.
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
                    String lower = text.toLowerCase(Locale.ROOT);
                    for (String w : banned) {
                        if (lower.contains(w)) {
                            throw new HookVetoException("the message contains a word that is not allowed here");
                        }
                    }
                }
            }
        };
    }
}
