package dev.aqueduct.core.builtin;

import dev.aqueduct.api.plugin.PluginContext;
import dev.aqueduct.api.plugin.PluginFactory;
import dev.aqueduct.api.spi.DocumentStore;
import dev.aqueduct.core.docs.MemoryDocumentStore;

/** Documents in memory; the default until a persistent store plugin is installed (those come first by order). */
public final class MemoryDocumentStoreFactory implements PluginFactory<DocumentStore> {

    @Override
    public String id() {
        return "documents-memory";
    }

    @Override
    public Class<DocumentStore> spi() {
        return DocumentStore.class;
    }

    @Override
    public int order() {
        return 1000;
    }

    @Override
    public DocumentStore create(PluginContext context) {
        return new MemoryDocumentStore(context.clock());
    }
}
