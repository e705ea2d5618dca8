package dev.aqueduct.storage.jpa;

/** The databases the store supports, told apart by the JDBC url; each has its own migration scripts. */
enum Dialect {
    DERBY("derby"), POSTGRESQL("postgresql");

    final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    static Dialect of(String url) {
        if (url.startsWith("jdbc:derby:")) {
            return DERBY;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database url " + url
                + " (expected jdbc:derby:... or jdbc:postgresql://...)");
    }
}
