package dev.aqueduct.core.hooks;

import dev.aqueduct.api.spi.HookContext;
import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.api.spi.LifecycleHook;
import dev.aqueduct.crdt.lib0.DecodingException;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Calls the {@link LifecycleHook} plugins, in their order, the way Hocuspocus calls its hooks: an event that has not
 * happened yet stops at the first hook that vetoes it (later hooks are not called, and a hook that fails counts as a
 * veto: fail closed); an event that already happened reaches every hook, and failures are only logged.
 */
public final class Hooks {

    private static final Logger LOG = Logger.getLogger(Hooks.class.getName());

    /** The events, and whether a hook may veto them. */
    public enum Event {
        CONNECT(true), AUTHENTICATE(true), JOIN(true), MESSAGE(true), LOAD_DOCUMENT(true), CHANGE(true),
        AWARENESS(true), STORE(false), LEAVE(false), DISCONNECT(false);

        final boolean vetoable;

        Event(boolean vetoable) {
            this.vetoable = vetoable;
        }
    }

    private final Supplier<List<LifecycleHook>> hooks;

    public Hooks(Supplier<List<LifecycleHook>> hooks) {
        this.hooks = hooks;
    }

    /** No hooks at all: callers may skip building contexts. */
    public boolean none() {
        return hooks.get().isEmpty();
    }

    /**
     * Runs a vetoable event.
     *
     * @throws HookVetoException the first veto, with the hook's reason (a failing hook vetoes with a generic one)
     */
    public void before(Event event, HookContext ctx) {
        if (!event.vetoable) {
            throw new IllegalArgumentException(event + " cannot be vetoed; use after()");
        }
        for (LifecycleHook h : hooks.get()) {
            try {
                call(h, event, ctx);
            } catch (HookVetoException veto) {
                throw veto;
            } catch (DecodingException malformed) {
                // the hook read a payload that does not decode (a change's content): the input is at fault, and is
                // answered as malformed input, not as a refusal
                throw malformed;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "lifecycle hook " + h.getClass().getName() + " failed on " + event
                        + "; refusing", e);
                throw new HookVetoException("refused by the server");
            }
        }
    }

    /** Tells every hook about an event that happened; never throws. */
    public void after(Event event, HookContext ctx) {
        for (LifecycleHook h : hooks.get()) {
            try {
                call(h, event, ctx);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "lifecycle hook " + h.getClass().getName() + " failed on " + event, e);
            }
        }
    }

    private static void call(LifecycleHook h, Event event, HookContext ctx) {
        switch (event) {
            case CONNECT -> h.onConnect(ctx);
            case AUTHENTICATE -> h.onAuthenticate(ctx);
            case JOIN -> h.onJoin(ctx);
            case MESSAGE -> h.onMessage(ctx);
            case LOAD_DOCUMENT -> h.onLoadDocument(ctx);
            case CHANGE -> h.onChange(ctx);
            case AWARENESS -> h.onAwareness(ctx);
            case STORE -> h.afterStore(ctx);
            case LEAVE -> h.onLeave(ctx);
            case DISCONNECT -> h.onDisconnect(ctx);
        }
    }
}
