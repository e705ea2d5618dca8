package dev.aqueduct.storage.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The same suite on a real PostgreSQL (aqueduct.test.pg.url, by default localhost:5432/test with trust
 * authentication), in a schema of its own that is dropped afterwards. An unreachable server fails the test.
 */
class PostgresDocumentStoreTest extends JpaStoreTestBase {

    private final String url = System.getProperty("aqueduct.test.pg.url", "jdbc:postgresql://localhost:5432/test");
    private final String user = System.getProperty("aqueduct.test.pg.user", "postgres");
    private final String schema = "aq_test_" + UUID.randomUUID().toString().replace("-", "");

    @Override
    Map<String, String> prepareDatabase() throws Exception {
        try (Connection c = connect(url, user); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return with(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user);
    }

    @Override
    void dropDatabase() throws Exception {
        try (Connection c = connect(url, user); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Override
    Connection jdbc() throws Exception {
        return connect(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user);
    }

    @Test
    void nodesStartingTogetherMigrateOnce() throws Exception {
        String fresh = schema + "_race";
        try (Connection c = connect(url, user); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + fresh);
        }
        List<JpaDocumentStoreFactory> started = new ArrayList<>();
        try {
            List<CompletableFuture<JpaDocumentStoreFactory>> starts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                starts.add(CompletableFuture.supplyAsync(() -> {
                    JpaDocumentStoreFactory f = new JpaDocumentStoreFactory();
                    f.init(new MapConfig(with(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + fresh, user)));
                    f.create(null);
                    return f;
                }));
            }
            for (CompletableFuture<JpaDocumentStoreFactory> f : starts) {
                started.add(f.get());
            }
            try (Connection c = connect(url, user); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + fresh + ".aq_schema_version")) {
                r.next();
                assertEquals(1, r.getInt(1));
            }
        } finally {
            started.forEach(JpaDocumentStoreFactory::close);
            try (Connection c = connect(url, user); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + fresh + " CASCADE");
            }
        }
    }
}
