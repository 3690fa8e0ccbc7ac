package io.ferstream.embedder;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import io.ferstream.embedder.embedding.Embedder;
import io.ferstream.events.DeadLetter;
import io.ferstream.events.FaceImage;
import io.ferstream.platform.dlq.DeadLetters;
import io.ferstream.platform.stage.ImageValidation;
import io.ferstream.platform.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** The embed step: decodes and validates a face image and embeds it; a bad record becomes a dead letter. */
final class EmbedProcessor implements FixedKeyProcessor<String, byte[], EmbedProcessor.Embedded> {

    private static final String STAGE = EmbedderTopology.STAGE;

    /** The result of the embed step: an event to decide on, or a dead letter. */
    record Embedded(EmbedderEvent event, DeadLetter deadLetter) {
    }

    private final Supplier<? extends Embedder> embedders;
    private final Serde<FaceImage> images;
    private final Timer embedTime;
    private final MeterRegistry registry;
    private FixedKeyProcessorContext<String, Embedded> context;
    private Embedder embedder;

    EmbedProcessor(Supplier<? extends Embedder> embedders, Serde<FaceImage> images, MeterRegistry registry) {
        this.embedders = embedders;
        this.images = images;
        this.registry = registry;
        this.embedTime = Timer.builder("fer_embedder_embed_seconds").description("Time to embed one image")
                .register(registry);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Embedded> context) {
        this.context = context;
        this.embedder = embedders.get();
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        registry.counter("fer_embedder_images_in").increment();
        String topic = context.recordMetadata().map(m -> m.topic()).orElse(Topics.IMAGES_FACES.name());
        FaceImage image;
        try {
            image = images.deserializer().deserialize(topic, record.value());
            String invalid = image == null ? "record has no value" : ImageValidation.invalidReason(image);
            if (invalid != null) {
                throw new IllegalArgumentException(invalid);
            }
        } catch (RuntimeException e) {
            deadLetter(record, "invalid_image", e);
            return;
        }
        float[] embedding;
        try {
            byte[] pixels = ImageValidation.pixels(image);
            embedding = embedTime.record(() -> embedder.embed(image.getWidth(), image.getHeight(), pixels));
        } catch (RuntimeException e) {
            deadLetter(record, "embed_error", e);
            return;
        }
        context.forward(record.withValue(new Embedded(EmbedderEvent.image(image, embedding), null)));
    }

    private void deadLetter(FixedKeyRecord<String, byte[]> record, String category, Exception error) {
        registry.counter("fer_embedder_dead_letters", "reason", category).increment();
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
