package dev.aqueduct.example;

import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.DocumentChange;
import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.api.spi.LifecycleHook;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A {@link LifecycleHook} that vetoes room-bus messages and document changes containing one of the words in
 * {@code aqueduct.plugin.word-filter.words} (comma-separated, case-insensitive): the publisher gets
 * {@code error forbidden} with the reason and nobody receives the message; an editor's change is refused and
 * not stored. With no words configured it changes nothing. The template for hooks that validate traffic.
 *
 * <p>A document change is read through an editor binding ({@link DocumentChange#content(String)}; the one named by
 * {@code aqueduct.plugin.word-filter.binding}, by default the platform's default binding): it is refused
 * when a banned word occurs more often in the content after the change than before, so text that was already there
 * (say, from before the word was banned) does not block other edits.
 */
public final class WordFilterHookFactory implements PluginFactory<LifecycleHook> {

    private volatile List<String> words = List.of();
    private volatile String binding;

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
        binding = config.get("binding").orElse(null);
    }

    @Override
    public LifecycleHook create(PluginContext context) {
        List<String> banned = words;
        String format = binding;
        return new LifecycleHook() {
            @Override
            public void onMessage(HookContext ctx) {
                if (ctx.payload() instanceof String text) {
                    refuseBanned(text, "the message");
                }
            }

            @Override
            public void onChange(HookContext ctx) {
                if (banned.isEmpty() || !(ctx.payload() instanceof DocumentChange change)) {
                    return;
                }
                String after = change.content(format).toLowerCase(Locale.ROOT);
                String before = change.previousContent(format).toLowerCase(Locale.ROOT);
                for (String w : banned) {
                    if (occurrences(after, w) > occurrences(before, w)) {
                        throw new HookVetoException("the change contains a word that is not allowed here");
                    }
                }
            }

            private static int occurrences(String text, String word) {
                int n = 0;
                for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length())) {
                    n++;
                }
                return n;
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
