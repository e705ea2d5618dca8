package dev.aqueduct.core.docs;

/** The document store refused to store an update; the update was not acknowledged and the document unloads. */
public final class StoreFailedException extends RuntimeException {

    public StoreFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
