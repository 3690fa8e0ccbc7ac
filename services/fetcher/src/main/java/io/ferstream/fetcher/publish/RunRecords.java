package io.ferstream.fetcher.publish;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;

import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.events.ImageEncoding;
import io.ferstream.events.RunManifest;
import io.ferstream.fetcher.source.ImageEntry;
import io.ferstream.fetcher.source.Rejection;
import io.ferstream.platform.dlq.DeadLetters;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The records of one run, sent on its producer: an image on {@code fer.images.raw} (key = image id),
 * a dead letter on {@code fer.dlq} (key = location), the manifest on {@code fer.runs} (key = run id).
 * A send that fails asynchronously is kept and thrown by {@link #throwIfASendFailed()} after the
 * commit, so a chunk is never counted as published when one of its records was lost.
 */
final class RunRecords {

    /** The topics and value serializers of a run's records. */
    record Destinations(String raw, Serializer<FaceImage> images, String dlq, Serializer<DeadLetter> deadLetters,
                  String runs, Serializer<RunManifest> manifests) {
    }

    private final Producer<byte[], byte[]> producer;
    private final Destinations topics;
    private final String runId;
    private final byte[] runKey;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final Callback onSent = (metadata, e) -> {
        if (e != null) {
            sendFailure.compareAndSet(null, e);
        }
    };

    RunRecords(Producer<byte[], byte[]> producer, Destinations topics, String runId) {
        this.producer = producer;
        this.topics = topics;
        this.runId = runId;
        this.runKey = runId.getBytes(StandardCharsets.UTF_8);
    }

    void image(ImageEntry entry) {
        FaceImage image = new FaceImage(entry.id(), runId, entry.dataset(), entry.split(), entry.label(),
                entry.width(), entry.height(), ImageEncoding.GRAY8, ByteBuffer.wrap(entry.pixels()),
                entry.location(), Instant.ofEpochMilli(System.currentTimeMillis()), Collections.emptyMap(),
                Collections.emptyList());
        producer.send(new ProducerRecord<>(topics.raw(), entry.id().getBytes(StandardCharsets.UTF_8),
                topics.images().serialize(topics.raw(), image)), onSent);
    }

    void deadLetter(Rejection rejection) {
        DeadLetter letter = DeadLetters.ofSource(RunPublisher.STAGE, rejection.location(), rejection.original(),
                rejection.message(), RejectionKinds.errorClass(rejection.reason()));
        producer.send(new ProducerRecord<>(topics.dlq(), rejection.location().getBytes(StandardCharsets.UTF_8),
                topics.deadLetters().serialize(topics.dlq(), letter)), onSent);
    }

    void manifest(RunManifest manifest) {
        producer.send(new ProducerRecord<>(topics.runs(), runKey, topics.manifests().serialize(topics.runs(), manifest)),
                onSent);
    }

    String runsTopic() {
        return topics.runs();
    }

    String rawTopic() {
        return topics.raw();
    }

    /** Throws the first send that failed since the run began, if any. */
    void throwIfASendFailed() {
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw failure instanceof KafkaException k ? k : new KafkaException(failure);
        }
    }
}
