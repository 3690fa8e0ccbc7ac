package io.ferstream.embedder;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import io.ferstream.embedder.duplicates.HashedImage;
import io.ferstream.embedder.embedding.Embedder;
import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.platform.dlq.DeadLetters;
import io.ferstream.platform.stage.ImageValidation;
import io.ferstream.platform.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** The embed step: decodes and validates a face image, embeds and fingerprints it; a bad record becomes a dead letter. */
final class EmbedProcessor implements FixedKeyProcessor<String, byte[], EmbedProcessor.Embedded> {

    private static final String STAGE = EmbedderTopology.STAGE;

    /** The result of the embed step: an event to decide on, or a dead letter. */
    record Embedded(EmbedderEvent event, DeadLetter deadLetter) {
    }

    private final Supplier<? extends Embedder> embedders;
    private final Serde<FaceImage> images;
    private final EmbedderMetrics metrics;
    private FixedKeyProcessorContext<String, Embedded> context;
    private Embedder embedder;

    EmbedProcessor(Supplier<? extends Embedder> embedders, Serde<FaceImage> images, EmbedderMetrics metrics) {
        this.embedders = embedders;
        this.images = images;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Embedded> context) {
        this.context = context;
        this.embedder = embedders.get();
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        metrics.imageIn();
        String topic = context.recordMetadata().map(m -> m.topic()).orElse(Topics.IMAGES_FACES.name());
        FaceImage image;
        try {
            image = images.deserializer().deserialize(topic, record.value());
            String invalid = image == null ? "record has no value" : ImageValidation.invalidReason(image);
            if (invalid != null) {
                throw new IllegalArgumentException(invalid);
            }
        } catch (RuntimeException e) {
            deadLetter(record, EmbedderMetrics.DeadLetterReason.INVALID_IMAGE, e);
            return;
        }
        float[] embedding;
        HashedImage hashed;
        try {
            byte[] pixels = ImageValidation.pixels(image);
            embedding = metrics.embedTime().record(() -> embedder.embed(image.getWidth(), image.getHeight(), pixels));
            hashed = HashedImage.of(image.getId(), image.getSplit(), image.getLabel(), image.getWidth(), image.getHeight(), pixels);
        } catch (RuntimeException e) {
            deadLetter(record, EmbedderMetrics.DeadLetterReason.EMBED_ERROR, e);
            return;
        }
        context.forward(record.withValue(new Embedded(EmbedderEvent.image(image, embedding, hashed), null)));
    }

    private void deadLetter(FixedKeyRecord<String, byte[]> record, EmbedderMetrics.DeadLetterReason reason,
                            Exception error) {
        metrics.deadLetter(reason);
        var meta = context.recordMetadata();
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetters.ofRecord(STAGE, meta.map(m -> m.topic()).orElse(Topics.IMAGES_FACES.name()),
                meta.map(m -> m.partition()).orElse(-1), meta.map(m -> m.offset()).orElse(-1L), key, record.value(), error);
        context.forward(record.withValue(new Embedded(null, letter)));
    }

    @Override
    public void close() {
        if (embedder != null) {
            embedder.close();
        }
    }
}
