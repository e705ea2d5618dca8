package dev.aqueduct.core;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.Authenticator;
import dev.aqueduct.api.spi.ClusterBus;
import dev.aqueduct.api.spi.DocumentStore;
import dev.aqueduct.api.spi.EditorBinding;
import dev.aqueduct.api.spi.HistoryStore;
import dev.aqueduct.api.spi.LifecycleHook;
import dev.aqueduct.api.spi.RoomAccessPolicy;
import dev.aqueduct.api.spi.RoomPublisher;
import dev.aqueduct.core.builtin.JwtAuthenticatorFactory;
import dev.aqueduct.core.config.Refreshed;
import dev.aqueduct.core.config.Settings;
import dev.aqueduct.core.bindings.Bindings;
import dev.aqueduct.core.docs.DocumentService;
import dev.aqueduct.core.docs.DocumentSettings;
import dev.aqueduct.core.hooks.Hooks;
import dev.aqueduct.core.hub.Hub;
import dev.aqueduct.core.hub.InJvmClusterBus;
import dev.aqueduct.core.hub.IdempotencyCache;
import dev.aqueduct.core.metrics.MpTelemetry;
import dev.aqueduct.core.metrics.Telemetry;
import dev.aqueduct.core.plugin.CorePluginContext;
import dev.aqueduct.core.plugin.PluginRegistry;
import dev.aqueduct.core.security.DevTokenIssuer;
import dev.aqueduct.core.security.Gate;
import dev.aqueduct.core.security.Limits;
import dev.aqueduct.core.security.OriginPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The running platform on this node: settings, plugins, the gate and the hub, wired once at start-up. Every
 * transport and REST resource reaches the core through this bean.
 */
@ApplicationScoped
public class Platform {

    private static final Logger LOG = Logger.getLogger(Platform.class.getName());

    @Inject
    Config config;

    @Inject
    MpTelemetry mpTelemetry;

    private Settings settings;
    private Clock clock;
    private String nodeId;
    private Optional<DevTokenIssuer> devIssuer;
    private PluginRegistry plugins;
    private Gate gate;
    private Hub hub;
    private DocumentService documents;
    private Bindings bindings;
    private Hooks hooks;
    private ScheduledExecutorService scheduler;
    private volatile Limits limits;

    @PostConstruct
    void start() {
        clock = Clock.systemUTC();
        settings = new Settings(k -> config.getOptionalValue(k, String.class));
        nodeId = settings.get("aqueduct.node.id", UUID.randomUUID().toString().substring(0, 8));
        devIssuer = createDevIssuer();
        AtomicInteger threads = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "aqueduct-scheduler-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        plugins = new PluginRegistry(settings, config::getPropertyNames);
        RoomPublisher lazyPublisher = new RoomPublisher() {
            @Override
            public Envelope publish(RoomId room, String type, String payloadJson) {
                return hub.publish(room, type, payloadJson);
            }
        };
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        plugins.start(cl == null ? Platform.class.getClassLoader() : cl,
                new CorePluginContext(nodeId, clock, lazyPublisher, settings, devIssuer));
        limits = Limits.from(settings);
        gate = new Gate(() -> plugins.providers(Authenticator.class), () -> plugins.providers(RoomAccessPolicy.class),
                () -> limits, new OriginPolicy(settings.getList("aqueduct.security.allowed-origins")), mpTelemetry);
        IdempotencyCache idempotency = new IdempotencyCache(
                Refreshed.every(Duration.ofSeconds(1),
                        () -> settings.getDuration("aqueduct.publish.idempotency-window", Duration.ofMinutes(5))),
                settings.getInt("aqueduct.publish.idempotency-max-keys", 100_000), clock);
        ClusterBus bus = plugins.first(ClusterBus.class);
        hub = bus instanceof InJvmClusterBus
                ? new Hub(plugins.first(HistoryStore.class), bus, idempotency, mpTelemetry, clock)
                : new Hub(plugins.first(HistoryStore.class), bus, idempotency, mpTelemetry, clock, scheduler,
                        settings.getDuration("aqueduct.cluster.gap-wait", Duration.ofMillis(500)));
        hooks = new Hooks(() -> plugins.providers(LifecycleHook.class));
        bindings = new Bindings(() -> plugins.providers(EditorBinding.class),
                () -> settings.get("aqueduct.documents.default-binding", "prosemirror"));
        documents = new DocumentService(plugins.first(DocumentStore.class), DocumentSettings.from(settings), clock,
                scheduler, hooks, bindings);
        scheduler.scheduleWithFixedDelay(gate::sweep, 1, 1, TimeUnit.MINUTES);
        LOG.info("Aqueduct node " + nodeId + " started with " + plugins.listing().size() + " plugins");
    }

    private Optional<DevTokenIssuer> createDevIssuer() {
        if (!settings.getBoolean("aqueduct.dev.enabled", false)) {
            return Optional.empty();
        }
        DevTokenIssuer issuer = new DevTokenIssuer(settings.get("aqueduct.dev.issuer", "urn:aqueduct:dev"),
                JwtAuthenticatorFactory.audiences(settings),
                settings.getDuration("aqueduct.dev.max-token-ttl", Duration.ofHours(24)), clock);
        LOG.warning("\n**********************************************************************\n"
                + "*  DEVELOPMENT TOKEN ISSUER IS ON (aqueduct.dev.enabled=true).        *\n"
                + "*  Anyone who can reach POST /dev/token can mint tokens for any user. *\n"
                + "*  Never enable it in production.                                    *\n"
                + "**********************************************************************");
        return Optional.of(issuer);
    }

    /** Forces start-up when the application starts instead of at first use. */
    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        nodeId();
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
        if (documents != null) {
            documents.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (plugins != null) {
            plugins.close();
        }
    }

    public Settings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public String nodeId() {
        return nodeId;
    }

    public Optional<DevTokenIssuer> devIssuer() {
        return devIssuer;
    }

    public PluginRegistry plugins() {
        return plugins;
    }

    public Gate gate() {
        return gate;
    }

    public Hub hub() {
        return hub;
    }

    /** The lifecycle hook plugins, called by the transports and the document service. */
    public Hooks hooks() {
        return hooks;
    }

    /** The editor bindings by format, and the default one. */
    public Bindings bindings() {
        return bindings;
    }

    public DocumentService documents() {
        return documents;
    }

    public Telemetry telemetry() {
        return mpTelemetry;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Lets any bean publish into rooms as the system: {@code @Inject RoomPublisher publisher;}. Messages get the
     * room's next seq, go into history and reach every subscriber, like messages published by clients.
     */
    @Produces
    @Dependent
    public RoomPublisher roomPublisher() {
        return (room, type, payloadJson) -> hub.publish(room, type, payloadJson);
    }

    /** Re-reads limits from the settings, for run-time changes. */
    public void reloadLimits() {
        limits = Limits.from(settings);
    }
}
