package io.ferstream.classifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ferstream.events.FaceImage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads labelled face images on a thread of its own, in its own consumer group, and scores each poll
 * (at most {@code maxImagesPerPoll} images, one micro-batch) with the model serving at that moment.
 * The frame loop never waits for it; the two share only the {@link ModelSlot}.
 */
final class AccuracyFollower implements AutoCloseable {

    private final Deserializer<FaceImage> images;
    private final ModelSlot<LiveModel> slot;
    private final LiveAccuracy accuracy;
    private final ConsumerThread thread;

    AccuracyFollower(Map<String, Object> clientProperties, String groupId, String topic, int maxImagesPerPoll,
                     Deserializer<FaceImage> images, ModelSlot<LiveModel> slot, LiveAccuracy accuracy) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxImagesPerPoll);
        // The pipeline owns the labelled topic: waiting for it beats creating it with the broker's defaults.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.images = images;
        this.slot = slot;
        this.accuracy = accuracy;
        this.thread = new ConsumerThread("fer-classifier-accuracy",
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                consumer -> consumer.subscribe(List.of(topic)), this::score, "live accuracy is no longer kept");
    }

    void start() {
        thread.start();
    }

    /** Whether its thread is still reading (false once an error stopped it). */
    boolean isHealthy() {
        return thread.isHealthy();
    }

    private void score(ConsumerRecords<byte[], byte[]> records) {
        List<FaceImage> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                FaceImage image = images.deserialize(record.topic(), record.value());
                if (image == null) {
                    accuracy.skipped(LiveAccuracy.Skip.UNREADABLE);
                } else {
                    batch.add(image);
                }
            } catch (SerializationException e) {
                accuracy.skipped(LiveAccuracy.Skip.UNREADABLE);
            }
        }
        try (ModelSlot.Lease<LiveModel> lease = slot.acquire()) {
            LabelledImages.score(batch, lease.model(), accuracy);
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
