package dev.aqueduct.storage.jpa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Brings the schema up to date: runs {@code migrations/<dialect>/V<n>__*.sql} for every n above the version recorded
 * in {@code aq_schema_version}, each script in its own transaction together with its version row. Two nodes starting
 * at once may both try a script; the loser's transaction fails (duplicate table or version row), and it goes on once
 * it sees the script recorded.
 */
final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());
    private static final String ROOT = "migrations/";

    /** Scripts listed by version, since a class path folder cannot be listed portably. */
    static final List<String> SCRIPTS = List.of("V1__documents.sql");

    private Migrations() {
    }

    /** Applies what is missing and returns the schema version now in the database. */
    static int migrate(DataSource ds, Dialect dialect) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            ensureVersionTable(c);
            for (int i = 0; i < SCRIPTS.size(); i++) {
                int version = i + 1;
                if (current(c) >= version) {
                    continue;
                }
                String script = SCRIPTS.get(i);
                try {
                    apply(c, version, script, read(dialect.folder + "/" + script));
                    LOG.info("database schema migrated to version " + version + " (" + script + ")");
                } catch (SQLException e) {
                    if (current(c) < version) {
                        throw e;
                    }
                }
            }
            return current(c);
        }
    }

    private static void ensureVersionTable(Connection c) throws SQLException {
        if (versionTableExists(c)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE aq_schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "script VARCHAR(200) NOT NULL, applied_ms BIGINT NOT NULL)");
        } catch (SQLException e) {
            if (!versionTableExists(c)) {
                throw e;
            }
        }
    }

    private static boolean versionTableExists(Connection c) {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM aq_schema_version")) {
            return r.next();
        } catch (SQLException e) {
            return false;
        }
    }

    private static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT MAX(version) FROM aq_schema_version")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void apply(Connection c, int version, String script, String sql) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String statement : statements(sql)) {
                s.execute(statement);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO aq_schema_version (version, script, applied_ms) VALUES (?, ?, ?)")) {
                p.setInt(1, version);
                p.setString(2, script);
                p.setLong(3, System.currentTimeMillis());
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Statements end with a semicolon at the end of a line; lines starting with -- are comments. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\r?\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                String s = current.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String read(String path) {
        try (InputStream in = Migrations.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + path + " is missing from the plugin jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration script " + path, e);
        }
    }
}
