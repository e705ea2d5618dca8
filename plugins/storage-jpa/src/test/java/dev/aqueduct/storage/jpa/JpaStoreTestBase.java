package dev.aqueduct.storage.jpa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aqueduct.api.plugin.PluginHealth;
import dev.aqueduct.api.spi.DocumentStore;
import dev.aqueduct.api.spi.DocumentStore.UpdateMeta;
import dev.aqueduct.api.spi.DocumentStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The contract suite on one database, through two plugin instances ("nodes"), plus what only a database store does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JpaStoreTestBase extends DocumentStoreContract {

    private final List<JpaDocumentStoreFactory> factories = new ArrayList<>();
    private DocumentStore node1;
    private DocumentStore node2;

    /** Creates the empty database or schema and returns the plugin settings that point at it. */
    abstract Map<String, String> prepareDatabase() throws Exception;

    /** Removes what {@link #prepareDatabase} created. */
    abstract void dropDatabase() throws Exception;

    /** A plain JDBC connection to the same database, past the store. */
    abstract Connection jdbc() throws Exception;

    private Map<String, String> settings;

    @BeforeAll
    void start() throws Exception {
        settings = prepareDatabase();
        node1 = open();
        node2 = open();
    }

    @AfterAll
    void stop() throws Exception {
        for (JpaDocumentStoreFactory f : factories) {
            f.close();
        }
        dropDatabase();
    }

    DocumentStore open() {
        JpaDocumentStoreFactory f = new JpaDocumentStoreFactory();
        f.init(new MapConfig(settings));
        DocumentStore s = f.create(null);
        factories.add(f);
        return s;
    }

    @Override
    protected DocumentStore store() {
        return node1;
    }

    @Override
    protected DocumentStore secondNode() {
        return node2;
    }

    @Override
    protected boolean tamperAuditSubject(String documentId, long seq, String subject) throws Exception {
        try (Connection c = jdbc(); PreparedStatement p = c.prepareStatement(
                "UPDATE aq_audit SET subject = ? WHERE doc_id = ? AND seq = ?")) {
            p.setString(1, subject);
            p.setString(2, documentId);
            p.setLong(3, seq);
            assertEquals(1, p.executeUpdate());
        }
        return true;
    }

    @Test
    void documentsSurviveANewStoreOnTheSameDatabase() {
        String id = newId();
        store().append(id, bytes("kept"), new UpdateMeta("a", "c", Instant.now()));
        store().saveVersion(id, "v", bytes("state"), "a");
        DocumentStore reopened = open();
        assertEquals(List.of("kept"), reopened.load(id).orElseThrow().updates().stream().map(String::new).toList());
        assertArrayEquals(bytes("state"),
                reopened.readVersion(id, reopened.versions(id).get(0).versionId()).orElseThrow());
        assertTrue(reopened.verifyAudit(id).intact());
    }

    @Test
    void migrationsRunOnceAndOwnTheSchema() throws Exception {
        try (Connection c = jdbc(); ResultSet r = c.createStatement().executeQuery(
                "SELECT version, script FROM aq_schema_version ORDER BY version")) {
            List<String> applied = new ArrayList<>();
            while (r.next()) {
                applied.add(r.getInt(1) + " " + r.getString(2));
            }
            assertEquals(List.of("1 V1__documents.sql"), applied, "three starts, one migration");
        }
    }

    @Test
    void largeUpdatesAndSnapshotsRoundTrip() {
        String id = newId();
        byte[] big = new byte[3 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        long seq = store().append(id, big, new UpdateMeta(null, null, Instant.now()));
        assertArrayEquals(big, secondNode().load(id).orElseThrow().updates().get(0));
        store().compact(id, big, seq);
        assertArrayEquals(big, secondNode().load(id).orElseThrow().snapshot());
    }

    @Test
    void healthReportsTheDatabase() {
        PluginHealth h = factories.get(0).health();
        assertTrue(h.up(), h.message());
        assertEquals("1", h.details().get("schema"));
    }

    static Map<String, String> with(String url, String user) {
        Map<String, String> m = new HashMap<>();
        m.put("url", url);
        if (user != null) {
            m.put("user", user);
        }
        m.put("pool-size", "4");
        return m;
    }

    static Connection connect(String url, String user) throws Exception {
        return DriverManager.getConnection(url, user, null);
    }
}
