package io.ferstream.labels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.ferstream.events.Emotion;
import io.ferstream.events.LabelVerdict;
import io.ferstream.platform.config.ConnectionConfig;
import io.ferstream.platform.serde.SchemaRegistryClients;
import io.ferstream.platform.topics.TopicProvisioner;
import io.ferstream.platform.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Turns {@code fer label-issues}' results into {@code LabelVerdict} events and publishes them, keyed
 * by image id, to the compacted {@code fer.label-verdicts} topic that the embedder's label check
 * reads: straight from a finished job, or from a {@code label-issues.csv} it wrote earlier.
 */
public final class LabelVerdictPublisher {

    private LabelVerdictPublisher() {
    }

    /** Every image of a job's result as a verdict. */
    static List<LabelVerdict> verdicts(LabelIssuesJob.Result result, String method) {
        Instant now = Instant.now();
        return result.judgements().stream().map(judgement -> {
            LabelIssuesJob.Image image = judgement.image();
            ConfidentLearning.Issue issue = judgement.issue();
            double[] p = image.probabilities();
            return LabelVerdict.newBuilder().setImageId(image.id()).setGiven(Emotion.values()[image.given()])
                    .setIssue(issue != null).setSuggested(issue == null ? null : Emotion.values()[issue.suggested()])
                    .setRank(judgement.rank()).setSelfConfidence(p[image.given()])
                    .setNormalizedMargin(ConfidentLearning.normalizedMargin(p, image.given()))
                    .setMethod(method).setCreatedAt(now).build();
        }).toList();
    }

    /** The verdicts of a {@code label-issues.csv} (its method from the {@code label-issues.json} beside it, when there). */
    public static List<LabelVerdict> read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("--label-issues " + csv + ": no such file (fer label-issues writes label-issues.csv)");
        }
        Path json = csv.resolveSibling("label-issues.json");
        String method = Files.isRegularFile(json)
                ? new ObjectMapper().readTree(json.toFile()).path("model").asText("fer label-issues") : "fer label-issues";
        Instant created = Files.getLastModifiedTime(csv).toInstant();
        List<LabelVerdict> verdicts = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                try {
                    boolean issue = Boolean.parseBoolean(row.get("issue"));
                    verdicts.add(LabelVerdict.newBuilder().setImageId(row.get("id")).setGiven(emotion(row.get("given")))
                            .setIssue(issue).setSuggested(issue ? emotion(row.get("suggested")) : null)
                            .setRank(issue ? Integer.valueOf(row.get("rank")) : null)
                            .setSelfConfidence(Double.parseDouble(row.get("self_confidence")))
                            .setNormalizedMargin(Double.parseDouble(row.get("normalized_margin")))
                            .setMethod(method).setCreatedAt(created).build());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(csv + " line " + (verdicts.size() + 2) + " is not a label-issues row ("
                            + e.getMessage() + "): " + row, e);
                }
            }
        }
        return verdicts;
    }

    private static Emotion emotion(String name) {
        try {
            return Emotion.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown class '" + name + "' (one of " + io.ferstream.model.FerClasses.NAMES + ")");
        }
    }

    /** Publishes the verdicts (idempotent producer, all acknowledged); returns how many. */
    public static int publish(ConnectionConfig connection, List<LabelVerdict> verdicts) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers()))) {
            new TopicProvisioner(admin, connection.topicNames(), Duration.ofSeconds(60)).ensure(List.of(Topics.LABEL_VERDICTS));
        }
        Map<String, Object> props = new java.util.HashMap<>(connection.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "fer-label-issues");
        String topic = connection.topicNames().of(Topics.LABEL_VERDICTS);
        try (KafkaProducer<String, LabelVerdict> producer = new KafkaProducer<>(props, new StringSerializer(),
                Topics.LABEL_VERDICTS.valueSerde(SchemaRegistryClients.forConfig(connection.serdeConfig()),
                        connection.serdeConfig()).serializer())) {
            for (LabelVerdict verdict : verdicts) {
                producer.send(new ProducerRecord<>(topic, verdict.getImageId(), verdict));
            }
            producer.flush();
        }
        return verdicts.size();
    }
}
