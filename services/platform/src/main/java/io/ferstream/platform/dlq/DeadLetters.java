package io.ferstream.platform.dlq;

import java.nio.ByteBuffer;
import java.time.Instant;

import io.ferstream.events.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Builds the {@link DeadLetter} of something a stage could not process, keeping the original bytes
 * and where they came from, so nothing is lost silently and the record can be replayed.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /** A Kafka record that could not be decoded or processed. */
    public static DeadLetter ofRecord(String stage, ConsumerRecord<byte[], byte[]> record, Throwable error) {
        return ofRecord(stage, record.topic(), record.partition(), record.offset(), record.key(), record.value(), error);
    }

    public static DeadLetter ofRecord(String stage, String topic, int partition, long offset, byte[] key, byte[] value,
                                      Throwable error) {
        return DeadLetter.newBuilder()
                .setStage(stage)
                .setTopic(topic).setPartition(partition).setOffset(offset)
                .setKey(wrap(key)).setValue(wrap(value))
                .setError(describe(error)).setErrorClass(error.getClass().getName())
                .setFailedAt(Instant.now())
                .build();
    }

    /** A source entry (file, CSV row) that could not become an event. */
    public static DeadLetter ofSource(String stage, String source, byte[] original, String reason, String errorClass) {
        return DeadLetter.newBuilder()
                .setStage(stage)
                .setSource(source).setValue(wrap(original))
                .setError(reason).setErrorClass(errorClass)
                .setFailedAt(Instant.now())
                .build();
    }

    /** The message of the error and of its causes, so the reason survives wrapping. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(" (caused by ").append(cause.getMessage()).append(')');
            }
        }
        return text.toString();
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
