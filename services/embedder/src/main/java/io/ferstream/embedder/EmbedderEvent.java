package io.ferstream.embedder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.ferstream.embedder.duplicates.HashedImage;
import io.ferstream.embedder.outliers.Sample;
import io.ferstream.events.Emotion;
import io.ferstream.events.FaceImage;
import io.ferstream.events.Split;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the per-run decision hears about a run, merged into one stream keyed by run id: an embedded
 * image, an image rejected upstream (for accounting), or the run's manifest.
 *
 * <p>Its serde is private to the embedder's internal topics and state stores (plain Avro binary of
 * the image, no registry framing): nothing outside this service reads it.
 */
record EmbedderEvent(Kind kind, String runId, String imageId, FaceImage image, float[] embedding,
                     HashedImage hashed, long publishedImages) {

    enum Kind { IMAGE, REJECTED_UPSTREAM, MANIFEST }

    /** {@code hashed}: the image's fingerprints for the duplicate check, same id, split and label. */
    static EmbedderEvent image(FaceImage image, float[] embedding, HashedImage hashed) {
        return new EmbedderEvent(Kind.IMAGE, image.getRunId(), image.getId(), image, embedding, hashed, -1);
    }

    static EmbedderEvent rejectedUpstream(String runId, String imageId) {
        return new EmbedderEvent(Kind.REJECTED_UPSTREAM, runId, imageId, null, null, null, -1);
    }

    /** {@code publishedImages} is -1 while the fetcher is still publishing. */
    static EmbedderEvent manifest(String runId, long publishedImages) {
        return new EmbedderEvent(Kind.MANIFEST, runId, null, null, null, null, publishedImages);
    }

    static Serde<EmbedderEvent> serde() {
        return Serdes.serdeFrom((Serializer<EmbedderEvent>) (topic, event) -> encode(event),
                (Deserializer<EmbedderEvent>) (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    private static final ThreadLocal<SpecificDatumWriter<FaceImage>> WRITER =
            ThreadLocal.withInitial(() -> new SpecificDatumWriter<>(FaceImage.class));
    private static final ThreadLocal<SpecificDatumReader<FaceImage>> READER =
            ThreadLocal.withInitial(() -> new SpecificDatumReader<>(FaceImage.class));

    static byte[] encode(EmbedderEvent event) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(3000);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(event.kind().ordinal());
            out.writeUTF(event.runId());
            switch (event.kind()) {
                case IMAGE -> {
                    // Id, split, label and fingerprints ahead of the embedding, so decodeHeader never touches the pixels.
                    out.writeUTF(event.imageId());
                    out.writeByte(event.image().getSplit().ordinal());
                    out.writeByte(event.image().getLabel() == null ? -1 : event.image().getLabel().ordinal());
                    out.writeLong(event.hashed().perceptual());
                    out.writeLong(event.hashed().exactHigh());
                    out.writeLong(event.hashed().exactLow());
                    out.writeInt(event.embedding().length);
                    for (float value : event.embedding()) {
                        out.writeFloat(value);
                    }
                    out.flush();
                    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
                    WRITER.get().write(event.image(), encoder);
                    encoder.flush();
                }
                case REJECTED_UPSTREAM -> out.writeUTF(event.imageId());
                case MANIFEST -> out.writeLong(event.publishedImages());
                default -> throw new IllegalStateException("unknown kind " + event.kind());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the run's decision needs of an IMAGE event: the outlier rule's sample and the duplicate check's fingerprints. */
    record Header(Sample sample, HashedImage hashed) {
    }

    /** The {@link Header} of an IMAGE event; skips the pixels. */
    static Header decodeHeader(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            if (in.readByte() != Kind.IMAGE.ordinal()) {
                throw new IllegalArgumentException("not an image event");
            }
            in.readUTF();
            String imageId = in.readUTF();
            Split split = Split.values()[in.readByte()];
            int labelIndex = in.readByte();
            Emotion label = labelIndex < 0 ? null : Emotion.values()[labelIndex];
            HashedImage hashed = new HashedImage(imageId, split, label, in.readLong(), in.readLong(), in.readLong());
            return new Header(new Sample(imageId, split, label, readEmbedding(in)), hashed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] readEmbedding(DataInputStream in) throws IOException {
        float[] embedding = new float[in.readInt()];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = in.readFloat();
        }
        return embedding;
    }

    static EmbedderEvent decode(byte[] data) {
        try {
            ByteArrayInputStream bytes = new ByteArrayInputStream(data);
            DataInputStream in = new DataInputStream(bytes);
            Kind kind = Kind.values()[in.readByte()];
            String runId = in.readUTF();
            return switch (kind) {
                case IMAGE -> {
                    in.readUTF();
                    in.readByte();
                    in.readByte();
                    long perceptual = in.readLong();
                    long exactHigh = in.readLong();
                    long exactLow = in.readLong();
                    float[] embedding = readEmbedding(in);
                    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
                    FaceImage image = READER.get().read(null, decoder);
                    yield image(image, embedding, new HashedImage(image.getId(), image.getSplit(), image.getLabel(),
                            perceptual, exactHigh, exactLow));
                }
                case REJECTED_UPSTREAM -> rejectedUpstream(runId, in.readUTF());
                case MANIFEST -> manifest(runId, in.readLong());
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
