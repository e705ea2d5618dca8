package dev.aqueduct.storage.jpa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** Embedded Derby in target/ (derby.system.home is set by the build), a new database per run. */
class DerbyDocumentStoreTest extends JpaStoreTestBase {

    private final String name = "store-test-" + UUID.randomUUID();

    @Override
    Map<String, String> prepareDatabase() {
        return with("jdbc:derby:" + name + ";create=true", null);
    }

    @Override
    void dropDatabase() throws IOException {
        Path dir = Path.of(System.getProperty("derby.system.home", "."), name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    Connection jdbc() throws Exception {
        return connect("jdbc:derby:" + name, null);
    }
}
