package dev.aqueduct.example;

import dev.aqueduct.api.Decision;
import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.plugin.PluginHealth;
import dev.aqueduct.api.spi.RoomAccessPolicy;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Denies every action in the room namespaces listed in {@code aqueduct.plugin.namespace-deny.namespaces}
 * (comma-separated), whatever the token grants; abstains everywhere else. With no namespaces configured it changes
 * nothing.
 */
public final class NamespaceDenyPolicyFactory implements PluginFactory<RoomAccessPolicy> {

    private volatile Set<String> namespaces = Set.of();

    @Override
    public String id() {
        return "namespace-deny";
    }

    @Override
    public Class<RoomAccessPolicy> spi() {
        return RoomAccessPolicy.class;
    }

    @Override
    public void init(PluginConfig config) {
        namespaces = Arrays.stream(config.get("namespaces", "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public RoomAccessPolicy create(PluginContext context) {
        Set<String> denied = namespaces;
        return (principal, room, action) -> denied.contains(room.namespace())
                ? Decision.deny("namespace " + room.namespace() + " is closed")
                : Decision.abstain();
    }

    @Override
    public PluginHealth health() {
        return new PluginHealth(true, "denying " + namespaces, Map.of());
    }
}
