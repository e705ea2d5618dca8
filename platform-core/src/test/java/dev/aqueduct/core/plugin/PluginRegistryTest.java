package dev.aqueduct.core.plugin;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.api.Decision;
import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.plugin.PluginHealth;
import dev.aqueduct.api.spi.RoomAccessPolicy;
import dev.aqueduct.core.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {

    static class Policy implements PluginFactory<RoomAccessPolicy> {
        final String id;
        final int order;
        final boolean failInit;
        String seenSetting;
        boolean closed;

        Policy(String id, int order, boolean failInit) {
            this.id = id;
            this.order = order;
            this.failInit = failInit;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Class<RoomAccessPolicy> spi() {
            return RoomAccessPolicy.class;
        }

        @Override
        public int order() {
            return order;
        }

        @Override
        public void init(PluginConfig config) {
            if (failInit) {
                throw new IllegalArgumentException("bad setting");
            }
            seenSetting = config.get("answer", "none");
            config.getInt("answer", 0);
        }

        @Override
        public RoomAccessPolicy create(PluginContext context) {
            return (p, r, a) -> Decision.abstain();
        }

        @Override
        public PluginHealth health() {
            return PluginHealth.ok();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void appliesScopedSettingsOrderEnablementAndIsolatesFailures() {
        Settings s = Settings.of(Map.of("aqueduct.plugin.b.answer", "42", "aqueduct.plugin.c.enabled", "false"));
        PluginRegistry r = new PluginRegistry(s, () -> List.of("aqueduct.plugin.b.answer"));
        Policy a = new Policy("a", 500, false);
        Policy b = new Policy("b", 10, false);
        Policy c = new Policy("c", 1, false);
        Policy broken = new Policy("broken", 5, true);
        r.start(List.of(a, b, c, broken), null);
        assertEquals("42", b.seenSetting);
        assertEquals(2, r.providers(RoomAccessPolicy.class).size());
        List<PluginInfo> listing = r.listing();
        assertEquals(List.of("c", "broken", "b", "a"), listing.stream().map(PluginInfo::id).toList());
        PluginInfo bi = listing.stream().filter(i -> i.id().equals("broken")).findFirst().orElseThrow();
        assertFalse(bi.healthy());
        assertTrue(bi.message().contains("bad setting"));
        PluginInfo ci = listing.stream().filter(i -> i.id().equals("c")).findFirst().orElseThrow();
        assertFalse(ci.enabled());
        r.close();
        assertTrue(a.closed && b.closed);
        assertFalse(broken.closed);
    }

    @Test
    void invalidIntegerSettingNamesTheKey() {
        Settings s = Settings.of(Map.of("aqueduct.plugin.b.answer", "forty-two"));
        PluginRegistry r = new PluginRegistry(s, List::of);
        r.start(List.of(new Policy("b", 1, false)), null);
        PluginInfo info = r.listing().get(0);
        assertFalse(info.healthy());
        assertTrue(info.message().contains("aqueduct.plugin.b.answer"), info.message());
    }

    @Test
    void duplicateIdsAreRefused() {
        PluginRegistry r = new PluginRegistry(Settings.of(Map.of()), List::of);
        r.start(List.of(new Policy("x", 1, false), new Policy("x", 2, false)), null);
        assertEquals(1, r.listing().size());
    }

    @Test
    void factoriesSharingAScopeReadOneSetOfSettingsAndOneSwitch() {
        class Scoped extends Policy {
            Scoped(String id) {
                super(id, 1, false);
            }

            @Override
            public String configScope() {
                return "shared";
            }
        }
        Settings on = Settings.of(Map.of("aqueduct.plugin.shared.answer", "7", "aqueduct.plugin.shared.enabled", "true",
                "aqueduct.plugin.one.enabled", "false"));
        Scoped one = new Scoped("one");
        Scoped two = new Scoped("two");
        PluginRegistry r = new PluginRegistry(on, List::of);
        r.start(List.of(one, two), null);
        assertEquals("7", one.seenSetting);
        assertEquals("7", two.seenSetting);
        assertEquals(2, r.providers(RoomAccessPolicy.class).size());

        PluginRegistry off = new PluginRegistry(Settings.of(Map.of("aqueduct.plugin.shared.enabled", "false")), List::of);
        off.start(List.of(new Scoped("one"), new Scoped("two")), null);
        assertEquals(0, off.providers(RoomAccessPolicy.class).size());
    }
}
