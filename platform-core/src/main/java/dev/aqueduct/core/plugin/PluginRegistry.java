package dev.aqueduct.core.plugin;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.plugin.PluginHealth;
import dev.aqueduct.core.config.ScopedPluginConfig;
import dev.aqueduct.core.config.Settings;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Discovers {@link PluginFactory} implementations with {@link ServiceLoader} (the web module and, in the EAR, its
 * {@code lib/} folder), applies the {@code aqueduct.plugin.<id>.*} settings, initialises and creates them in order,
 * and answers which providers serve an SPI. A plugin that fails to start is listed as unhealthy and not used; it
 * never stops the platform from starting.
 */
public final class PluginRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PluginRegistry.class.getName());

    private static final class Loaded {
        final PluginFactory<?> factory;
        final boolean enabled;
        volatile Object provider;
        volatile String error;

        Loaded(PluginFactory<?> factory, boolean enabled) {
            this.factory = factory;
            this.enabled = enabled;
        }
    }

    private final Settings settings;
    private final Supplier<Iterable<String>> configKeys;
    private final CopyOnWriteArrayList<Loaded> plugins = new CopyOnWriteArrayList<>();

    public PluginRegistry(Settings settings, Supplier<Iterable<String>> configKeys) {
        this.settings = settings;
        this.configKeys = configKeys;
    }

    /** Discovers and starts every plugin visible to {@code loader}. */
    @SuppressWarnings("rawtypes")
    public void start(ClassLoader loader, PluginContext context) {
        List<PluginFactory<?>> found = new ArrayList<>();
        Iterator<PluginFactory> it = ServiceLoader.load(PluginFactory.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.log(Level.SEVERE, "a plugin could not be loaded (is platform-api visible to it?): " + e, e);
            }
        }
        start(found, context);
    }

    /** Starts the given factories (in order); for tests and embedding. */
    public void start(List<PluginFactory<?>> factories, PluginContext context) {
        List<PluginFactory<?>> sorted = new ArrayList<>(factories);
        sorted.sort(Comparator.comparingInt((PluginFactory<?> f) -> f.order()).thenComparing(PluginFactory::id));
        Set<String> ids = new HashSet<>();
        for (PluginFactory<?> f : sorted) {
            String id = f.id();
            if (!ids.add(id)) {
                LOG.severe("plugin id '" + id + "' is used twice; ignoring " + f.getClass().getName());
                continue;
            }
            boolean enabled;
            try {
                enabled = settings.getBoolean(ScopedPluginConfig.prefix(f.configScope()) + "enabled",
                        f.enabledByDefault());
            } catch (IllegalArgumentException e) {
                LOG.severe(e.getMessage() + "; plugin " + id + " stays off");
                enabled = false;
            }
            Loaded l = new Loaded(f, enabled);
            plugins.add(l);
            if (!enabled) {
                LOG.info("plugin " + id + " (" + f.spi().getSimpleName() + ") is disabled");
                continue;
            }
            try {
                f.init(new ScopedPluginConfig(f.configScope(), settings, configKeys));
                l.provider = f.create(context);
                if (l.provider == null) {
                    throw new IllegalStateException("create() returned null");
                }
                LOG.info("plugin " + id + " (" + f.spi().getSimpleName() + ", " + f.version() + ") started");
            } catch (RuntimeException | LinkageError e) {
                l.error = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.log(Level.SEVERE, "plugin " + id + " failed to start: " + l.error, e);
            }
        }
    }

    /** The running providers of an SPI, in plugin order. */
    public <T> List<T> providers(Class<T> spi) {
        List<T> out = new ArrayList<>();
        for (Loaded l : plugins) {
            if (l.enabled && l.provider != null && l.factory.spi() == spi) {
                out.add(spi.cast(l.provider));
            }
        }
        return out;
    }

    /** The first running provider of an SPI. */
    public <T> T first(Class<T> spi) {
        List<T> all = providers(spi);
        if (all.isEmpty()) {
            throw new IllegalStateException("no running plugin provides " + spi.getSimpleName());
        }
        return all.get(0);
    }

    /** Every discovered plugin with its state. */
    public List<PluginInfo> listing() {
        List<PluginInfo> out = new ArrayList<>();
        for (Loaded l : plugins) {
            PluginFactory<?> f = l.factory;
            boolean healthy;
            String message;
            if (!l.enabled) {
                healthy = true;
                message = "disabled";
            } else if (l.error != null) {
                healthy = false;
                message = "failed to start: " + l.error;
            } else {
                PluginHealth h = health(f);
                healthy = h.up();
                message = h.message();
            }
            out.add(new PluginInfo(f.id(), f.spi().getSimpleName(), f.version(), l.enabled, healthy, message,
                    f.order(), source(f)));
        }
        return out;
    }

    private static PluginHealth health(PluginFactory<?> f) {
        try {
            PluginHealth h = f.health();
            return h == null ? PluginHealth.down("health() returned null") : h;
        } catch (RuntimeException e) {
            return PluginHealth.down("health check failed: " + e.getMessage());
        }
    }

    private static String source(PluginFactory<?> f) {
        try {
            CodeSource cs = f.getClass().getProtectionDomain().getCodeSource();
            URL u = cs == null ? null : cs.getLocation();
            if (u == null) {
                return "";
            }
            String s = u.toString();
            int slash = s.replaceAll("/+$", "").lastIndexOf('/');
            return slash >= 0 ? s.substring(slash + 1).replaceAll("/+$", "") : s;
        } catch (SecurityException e) {
            return "";
        }
    }

    @Override
    public void close() {
        List<Loaded> reversed = new ArrayList<>(plugins);
        java.util.Collections.reverse(reversed);
        for (Loaded l : reversed) {
            if (l.provider != null) {
                try {
                    l.factory.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "plugin " + l.factory.id() + " failed to close", e);
                }
            }
        }
        plugins.clear();
    }
}
