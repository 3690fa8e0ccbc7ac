package io.ferstream.registry;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SchemaLog} without Kafka: each record goes through the same JSON codec as on the topic and is applied
 * straight to the store, so appends are immediately visible. Nothing survives {@link #close()}: it backs
 * {@link SchemaRegistryServer#startInMemory} for tests that need a registry but no broker.
 */
final class InMemorySchemaLog implements SchemaLog {

    private final SchemaStore store;
    private final AtomicInteger appended = new AtomicInteger();

    InMemorySchemaLog(SchemaStore store) {
        this.store = store;
    }

    @Override
    public synchronized void append(List<StoreRecord> records) {
        for (StoreRecord record : records) {
            byte[] key = StoreRecordCodec.encodeKey(record);
            byte[] value = StoreRecordCodec.encodeValue(record);
            StoreRecordCodec.decode(key, value).ifPresent(store::apply);
            appended.incrementAndGet();
        }
    }

    @Override
    public void awaitCaughtUp() {
        // always caught up
    }

    @Override
    public void close() {
        // nothing to release
    }

    /** How many records were appended so far. */
    int appended() {
        return appended.get();
    }

    /** A service over a fresh store and log. */
    static RegistryService newService() {
        SchemaStore store = new SchemaStore();
        return new RegistryService(store, new InMemorySchemaLog(store));
    }
}
