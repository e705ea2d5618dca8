package dev.aqueduct.core.docs;

import dev.aqueduct.api.spi.DocumentStore;
import dev.aqueduct.api.spi.DocumentStoreContract;
import java.time.Clock;

class MemoryDocumentStoreTest extends DocumentStoreContract {

    private final MemoryDocumentStore store = new MemoryDocumentStore(Clock.systemUTC());

    @Override
    protected DocumentStore store() {
        return store;
    }
}
