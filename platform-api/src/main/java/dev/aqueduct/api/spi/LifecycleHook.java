package dev.aqueduct.api.spi;

/**
 * Called around the life of connections, rooms and documents, in the order of the hook factories. A hook vetoes
 * by throwing {@link HookVetoException} from a method whose name starts with {@code before}/{@code on} for an event
 * that has not happened yet ({@code onConnect}, {@code onAuthenticate}, {@code onJoin}, {@code onMessage},
 * {@code onChange}); the later hooks are then not called. Events that already happened ({@code afterStore},
 * {@code onLeave}, {@code onDisconnect}) cannot be vetoed; exceptions there are logged.
 */
public interface LifecycleHook {

    default void onConnect(HookContext ctx) {
    }

    default void onAuthenticate(HookContext ctx) {
    }

    default void onJoin(HookContext ctx) {
    }

    default void onMessage(HookContext ctx) {
    }

    default void onLoadDocument(HookContext ctx) {
    }

    default void onChange(HookContext ctx) {
    }

    default void afterStore(HookContext ctx) {
    }

    default void onAwareness(HookContext ctx) {
    }

    default void onLeave(HookContext ctx) {
    }

    default void onDisconnect(HookContext ctx) {
    }
}
