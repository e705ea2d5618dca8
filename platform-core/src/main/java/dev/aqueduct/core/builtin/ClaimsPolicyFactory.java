package dev.aqueduct.core.builtin;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.RoomAccessPolicy;
import dev.aqueduct.core.plugin.CorePluginContext;
import dev.aqueduct.core.security.ClaimsRoomPolicy;

/** The built-in room policy from token claims; the admin group is {@code aqueduct.auth.admin-group}. */
public final class ClaimsPolicyFactory implements PluginFactory<RoomAccessPolicy> {

    @Override
    public String id() {
        return "claims-policy";
    }

    @Override
    public Class<RoomAccessPolicy> spi() {
        return RoomAccessPolicy.class;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public RoomAccessPolicy create(PluginContext context) {
        return new ClaimsRoomPolicy(CorePluginContext.of(context).settings()
                .get("aqueduct.auth.admin-group", "aqueduct-admin"));
    }
}
