package dev.aqueduct.storage.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.spi.PersistenceProvider;
import jakarta.persistence.spi.PersistenceProviderResolverHolder;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Starts the persistence unit on whichever Jakarta Persistence provider the runtime offers (on Open Liberty and
 * Payara, the server's EclipseLink), through the standard SPI the containers themselves use.
 */
final class PersistenceBootstrap {

    private PersistenceBootstrap() {
    }

    static EntityManagerFactory start(DataSource dataSource, String providerClass) {
        PersistenceProvider provider = provider(providerClass);
        Properties p = new Properties();
        // never let the provider create, alter or drop tables: the migrations own the schema
        p.setProperty("jakarta.persistence.schema-generation.database.action", "none");
        p.setProperty("eclipselink.ddl-generation", "none");
        p.setProperty("eclipselink.weaving", "false");
        p.setProperty("eclipselink.cache.shared.default", "false");
        // not the application server's platform: this unit runs its own transactions on its own connections
        p.setProperty("eclipselink.target-server", "None");
        p.setProperty("eclipselink.logging.level", "WARNING");
        // a group commit inserts two rows per update: send them as JDBC batches, not one statement each
        p.setProperty("eclipselink.jdbc.batch-writing", "JDBC");
        p.setProperty("eclipselink.jdbc.batch-writing.size", "500");
        p.setProperty("hibernate.hbm2ddl.auto", "none");
        UnitInfo unit = new UnitInfo(provider.getClass().getName(), dataSource, p);
        EntityManagerFactory emf = provider.createContainerEntityManagerFactory(unit, Map.of());
        if (emf == null) {
            throw new IllegalStateException(provider.getClass().getName() + " did not create the persistence unit");
        }
        return emf;
    }

    private static PersistenceProvider provider(String wanted) {
        List<PersistenceProvider> all = PersistenceProviderResolverHolder.getPersistenceProviderResolver()
                .getPersistenceProviders();
        if (all.isEmpty()) {
            throw new IllegalStateException("no Jakarta Persistence provider is available; on Open Liberty enable "
                    + "the persistence-3.1 feature");
        }
        if (wanted == null || wanted.isBlank()) {
            return all.get(0);
        }
        return all.stream().filter(p -> p.getClass().getName().equals(wanted.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("persistence provider " + wanted
                        + " not found; available: " + all.stream().map(p -> p.getClass().getName()).toList()));
    }
}
