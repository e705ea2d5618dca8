package dev.aqueduct.core.docs;

import dev.aqueduct.api.spi.DocumentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stores document changes with group commit: one thread takes everything that queued up while the previous group
 * was being committed and appends it in one {@link DocumentStore#appendAll} call, so a database flushes its log
 * once per group instead of once per update, and no WebSocket read thread waits for the database. A change is
 * handed to the document's peers (and its sender acknowledged) only after its group is durable, in the order the
 * document applied it. When the queue is full, {@link #submit} waits: the senders slow down instead of memory
 * growing.
 */
final class DocumentWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DocumentWriter.class.getName());

    /** A change to store, or (with no update) a point in the queue after which a document may unload. */
    private record Task(LiveDocument doc, DocumentStore.Append append, DocumentPeer origin,
                        CompletableFuture<Boolean> done, Runnable barrier) {
    }

    private final DocumentStore store;
    private final int maxGroup;
    private final BiConsumer<LiveDocument, RuntimeException> failed;
    private final BlockingQueue<Task> queue;
    private static final Task STOP = new Task(null, null, null, null, () -> {
    });
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param failed called (on the writer thread) for a document whose change could not be stored; its later
     *               changes in the queue fail too
     */
    DocumentWriter(DocumentStore store, int capacity, int maxGroup, BiConsumer<LiveDocument, RuntimeException> failed) {
        this.store = store;
        this.maxGroup = maxGroup;
        this.failed = failed;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "aqueduct-document-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a change the document has applied; completes with true once it is stored and handed to the peers. */
    CompletableFuture<Boolean> submit(LiveDocument doc, DocumentStore.Append append, DocumentPeer origin) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        put(new Task(doc, append, origin, done, null));
        return done;
    }

    /** Runs {@code action} on the writer thread once every change queued before it has been dealt with. */
    void afterQueued(Runnable action) {
        put(new Task(null, null, null, null, action));
    }

    private void put(Task t) {
        if (closed) {
            throw new StoreFailedException("the document service is closed", null);
        }
        try {
            queue.put(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreFailedException("interrupted while waiting to store a change", e);
        }
    }

    private void run() {
        List<Task> group = new ArrayList<>(maxGroup);
        boolean stop = false;
        while (!stop) {
            try {
                group.add(queue.take());
                queue.drainTo(group, maxGroup - 1);
                stop = group.get(group.size() - 1) == STOP;
                commit(group);
            } catch (InterruptedException e) {
                // only close() stops the writer, through the queue, after what was queued before it
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "the document writer failed", e);
                for (Task t : group) {
                    if (t.done() != null) {
                        t.done().completeExceptionally(e);
                    }
                }
            } finally {
                group.clear();
            }
        }
    }

    /** Commits the changes before each barrier as one group, then runs the barrier. */
    private void commit(List<Task> tasks) {
        List<Task> changes = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            if (t.barrier() == null) {
                changes.add(t);
                continue;
            }
            store(changes);
            changes.clear();
            try {
                t.barrier().run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a document writer action failed", e);
            }
        }
        store(changes);
    }

    private void store(List<Task> changes) {
        changes.removeIf(t -> {
            if (t.doc().isFailed()) {
                t.done().completeExceptionally(new StoreFailedException("document " + t.doc().id()
                        + " failed earlier", null));
                return true;
            }
            return false;
        });
        if (changes.isEmpty()) {
            return;
        }
        long[] seqs;
        try {
            seqs = store.appendAll(changes.stream().map(Task::append).toList());
        } catch (RuntimeException e) {
            if (changes.size() > 1) {
                // find out which documents the failure belongs to: the others are stored one by one
                for (Task t : changes) {
                    store(new ArrayList<>(List.of(t)));
                }
                return;
            }
            Task t = changes.get(0);
            t.doc().markFailed();
            StoreFailedException failure = new StoreFailedException("the document store refused an update of "
                    + t.doc().id(), e);
            t.done().completeExceptionally(failure);
            failed.accept(t.doc(), failure);
            return;
        }
        for (int i = 0; i < seqs.length; i++) {
            Task t = changes.get(i);
            try {
                t.doc().stored(t.append().update(), seqs[i], t.origin());
            } finally {
                t.done().complete(true);
            }
        }
    }

    /** Stores what is queued, then stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
