package dev.aqueduct.crdt.sync;

import dev.aqueduct.crdt.lib0.Lib0Reader;
import dev.aqueduct.crdt.lib0.Lib0Writer;
import java.util.function.Consumer;

/** The y-protocols auth message (permission denied with a reason). */
public final class AuthProtocol {
    public static final int PERMISSION_DENIED = 0;

    private AuthProtocol() {}

    public static void writePermissionDenied(Lib0Writer w, String reason) {
        w.writeVarUint(PERMISSION_DENIED);
        w.writeVarString(reason);
    }

    /** Reads an auth message; calls the handler with the reason when permission was denied. */
    public static void readAuthMessage(Lib0Reader r, Consumer<String> permissionDeniedHandler) {
        if (r.readVarUint() == PERMISSION_DENIED) permissionDeniedHandler.accept(r.readVarString());
    }
}
