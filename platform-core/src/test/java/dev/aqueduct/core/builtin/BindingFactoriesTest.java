package dev.aqueduct.core.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aqueduct.core.bindings.FieldBinding;
import dev.aqueduct.core.config.ScopedPluginConfig;
import dev.aqueduct.core.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingFactoriesTest {

    private static ScopedPluginConfig config(String id, Map<String, String> values) {
        return new ScopedPluginConfig(id, Settings.of(values), values::keySet);
    }

    @Test
    void fieldsDefaultToTextAndTiptapsDefault() {
        TextBindingFactory text = new TextBindingFactory();
        text.init(config(text.id(), Map.of()));
        ProseMirrorBindingFactory pm = new ProseMirrorBindingFactory();
        pm.init(config(pm.id(), Map.of()));
        assertEquals(List.of("text", "text"), describe((FieldBinding) text.create(null)));
        assertEquals(List.of("prosemirror", "default"), describe((FieldBinding) pm.create(null)));
    }

    @Test
    void theFieldIsConfigurable() {
        ProseMirrorBindingFactory pm = new ProseMirrorBindingFactory();
        pm.init(config(pm.id(), Map.of("aqueduct.plugin.binding-prosemirror.field", "body")));
        assertEquals("body", ((FieldBinding) pm.create(null)).field());
        TextBindingFactory text = new TextBindingFactory();
        text.init(config(text.id(), Map.of("aqueduct.plugin.binding-text.field", "notes")));
        assertEquals("notes", ((FieldBinding) text.create(null)).field());
    }

    private static List<String> describe(FieldBinding b) {
        return List.of(b.format(), b.field());
    }
}
