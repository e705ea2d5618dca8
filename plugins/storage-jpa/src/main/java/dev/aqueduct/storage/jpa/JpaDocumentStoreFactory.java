package dev.aqueduct.storage.jpa;

import dev.aqueduct.api.plugin.PluginConfig;
import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.plugin.PluginHealth;
import dev.aqueduct.api.spi.DocumentStore;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The persistent document store: embedded Derby unless {@code aqueduct.plugin.documents-jpa.url} names another
 * database. Ordered before the in-memory store, so it is the default once its jar is deployed.
 */
public final class JpaDocumentStoreFactory implements PluginFactory<DocumentStore> {

    /** Relative to the server's working directory (on Open Liberty the server's folder, usr/servers/name). */
    public static final String DEFAULT_URL = "jdbc:derby:aqueduct-db;create=true";

    private static final Logger LOG = Logger.getLogger(JpaDocumentStoreFactory.class.getName());

    private String url;
    private String user;
    private String password;
    private int poolSize;
    private Duration poolWait;
    private String provider;
    private Dialect dialect;
    private ConnectionPool pool;
    private EntityManagerFactory emf;
    private int schemaVersion;

    @Override
    public String id() {
        return "documents-jpa";
    }

    @Override
    public Class<DocumentStore> spi() {
        return DocumentStore.class;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void init(PluginConfig config) {
        url = config.get("url", DEFAULT_URL).trim();
        dialect = Dialect.of(url);
        user = config.get("user").orElse(null);
        password = config.get("password").orElse(null);
        poolSize = config.getInt("pool-size", 8);
        if (poolSize < 1) {
            throw new IllegalArgumentException(config.qualifiedKey("pool-size") + ": must be at least 1");
        }
        poolWait = config.getDuration("pool-wait", Duration.ofSeconds(10));
        provider = config.get("provider").orElse(null);
    }

    @Override
    public DocumentStore create(PluginContext context) {
        pool = new ConnectionPool(url, user, password, poolSize, poolWait.toMillis());
        try {
            schemaVersion = Migrations.migrate(pool, dialect);
            emf = PersistenceBootstrap.start(pool, provider);
            emf.createEntityManager().close();
        } catch (SQLException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot open the document database " + safeUrl() + ": " + e.getMessage(),
                    e);
        }
        LOG.info("documents stored in " + safeUrl() + " (schema version " + schemaVersion + ", "
                + emf.getClass().getName() + ")");
        return new JpaDocumentStore(emf, context == null ? Clock.systemUTC() : context.clock());
    }

    @Override
    public PluginHealth health() {
        Map<String, String> details = Map.of("url", safeUrl(), "schema", Integer.toString(schemaVersion));
        if (pool == null) {
            return new PluginHealth(false, "not started", details);
        }
        try (Connection c = pool.getConnection()) {
            return c.isValid(2) ? new PluginHealth(true, safeUrl(), details)
                    : new PluginHealth(false, "database " + safeUrl() + " does not answer", details);
        } catch (SQLException e) {
            return new PluginHealth(false, "database " + safeUrl() + ": " + e.getMessage(), details);
        }
    }

    @Override
    public void close() {
        if (emf != null) {
            emf.close();
            emf = null;
        }
        if (pool != null) {
            pool.close();
            if (dialect == Dialect.DERBY) {
                shutDownDerby(pool);
            }
            pool = null;
        }
    }

    /** Closes the embedded database so its files are consistent and a redeploy in the same JVM can open it again. */
    private void shutDownDerby(ConnectionPool p) {
        int attributes = url.indexOf(';');
        String base = attributes < 0 ? url : url.substring(0, attributes);
        try (Connection c = p.connect(base + ";shutdown=true")) {
            LOG.warning("Derby did not confirm the shutdown of " + base);
        } catch (SQLException e) {
            if (!"08006".equals(e.getSQLState()) && !"XJ004".equals(e.getSQLState())) {
                LOG.log(Level.WARNING, "shutting down " + base + " failed", e);
            }
        }
    }

    /** The url without credentials that might be embedded in it (user=, password=). */
    private String safeUrl() {
        return url == null ? "" : url.replaceAll("(?i)(password|user)=[^&;]*", "$1=***");
    }
}
