package dev.aqueduct.core.hub;

import dev.aqueduct.api.spi.HistoryStore;
import dev.aqueduct.api.spi.HistoryStoreContract;

class MemoryHistoryStoreContractTest extends HistoryStoreContract {

    @Override
    protected HistoryStore newStore(Bounds b) {
        HistoryBounds bounds = new HistoryBounds(b.maxMessages(), b.maxBytes(), b.maxAge());
        return new MemoryHistoryStore(() -> bounds, clock);
    }
}
