package io.ferstream.registry;

import java.util.List;

/** The durable, ordered log that the {@link SchemaStore} is rebuilt from. */
interface SchemaLog extends AutoCloseable {

    /**
     * Appends records in order and returns once all of them have been applied to the store (read-your-writes).
     *
     * @throws RegistryException 50001 when the write fails, 50002 when it does not complete in time
     */
    void append(List<StoreRecord> records);

    /**
     * Blocks until every record that is in the log now has been applied to the store, so that a write decision
     * sees what other registry instances wrote.
     */
    void awaitCaughtUp();

    /** Stops reading and writing; idempotent. */
    @Override
    void close();
}
