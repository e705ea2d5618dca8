package dev.aqueduct.example;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Decision;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.spi.RoomAccessPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamespaceDenyPolicyFactoryTest {

    private static PluginConfig config(Map<String, String> values) {
        return new PluginConfig() {
            @Override
            public String pluginId() {
                return "namespace-deny";
            }

            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public Set<String> keys() {
                return values.keySet();
            }
        };
    }

    private final Principal alice = new Principal("alice", null, Set.of(), List.of(), Map.of(),
            Instant.now().plusSeconds(60), "test");

    @Test
    void deniesConfiguredNamespacesAndAbstainsElsewhere() {
        NamespaceDenyPolicyFactory f = new NamespaceDenyPolicyFactory();
        f.init(config(Map.of("namespaces", "blocked, quarantine")));
        RoomAccessPolicy p = f.create(null);
        assertEquals(Decision.Verdict.DENY, p.decide(alice, RoomId.of("blocked:x"), Action.READ).verdict());
        assertEquals(Decision.Verdict.DENY, p.decide(alice, RoomId.of("quarantine:y"), Action.WRITE).verdict());
        assertEquals(Decision.Verdict.ABSTAIN, p.decide(alice, RoomId.of("chat:x"), Action.READ).verdict());
    }

    @Test
    void changesNothingWithoutConfiguration() {
        NamespaceDenyPolicyFactory f = new NamespaceDenyPolicyFactory();
        f.init(config(Map.of()));
        assertEquals(Decision.Verdict.ABSTAIN, f.create(null).decide(alice, RoomId.of("blocked:x"), Action.READ).verdict());
    }
}
