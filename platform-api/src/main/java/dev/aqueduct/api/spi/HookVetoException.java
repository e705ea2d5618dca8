package dev.aqueduct.api.spi;

/** Thrown by a {@link LifecycleHook} to refuse what is about to happen; the client gets the message as the reason. */
public class HookVetoException extends RuntimeException {

    public HookVetoException(String message) {
        super(message);
    }
}
