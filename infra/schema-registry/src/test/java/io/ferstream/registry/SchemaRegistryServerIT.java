package io.ferstream.registry;

import static io.ferstream.registry.HttpTestClient.schemaBody;
import static io.ferstream.registry.TestSchemas.BACK_1;
import static io.ferstream.registry.TestSchemas.BACK_2;
import static io.ferstream.registry.TestSchemas.BACK_3;
import static io.ferstream.registry.TestSchemas.ORDER;
import static io.ferstream.registry.TestSchemas.USER_ADDS_REQUIRED;
import static io.ferstream.registry.TestSchemas.USER_V1;
import static io.ferstream.registry.TestSchemas.USER_V1_REFORMATTED;
import static io.ferstream.registry.TestSchemas.USER_V2_WITH_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferstream.kafka.EmbeddedKafkaBroker;
import io.ferstream.registry.HttpTestClient.Reply;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry over a real (embedded) broker, spoken to over HTTP exactly like Confluent's clients do. */
class SchemaRegistryServerIT {

    private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static EmbeddedKafkaBroker broker;
    private final List<SchemaRegistryServer> started = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeRegistries() {
        started.forEach(SchemaRegistryServer::close);
    }

    private static String freshTopic() {
        return "_schemas_it_" + TOPICS.incrementAndGet();
    }

    private SchemaRegistryServer start(String topic) {
        SchemaRegistryServer registry = SchemaRegistryServer.start(
                SchemaRegistryServer.Config.of(broker.bootstrapServers()).withPort(0).withTopic(topic));
        started.add(registry);
        return registry;
    }

    private HttpTestClient client(String topic) {
        return new HttpTestClient(start(topic).url());
    }

    private static Reply ok(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo(MEDIA_TYPE);
        return reply;
    }

    private static void assertError(Reply reply, int status, int errorCode) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).isEqualTo(MEDIA_TYPE);
        assertThat(reply.errorCode()).as(reply.body()).isEqualTo(errorCode);
        assertThat(reply.json().path("message").isTextual()).as(reply.body()).isTrue();
    }

    private static int register(HttpTestClient http, String subject, String schema) {
        return ok(http.post("/subjects/" + subject + "/versions", schemaBody(schema))).json().path("id").asInt();
    }

    private static String canonical(String schema) {
        return new org.apache.avro.Schema.Parser().parse(schema).toString();
    }

    // ---------------------------------------------------------------- topic

    @Test
    void createsACompactedSinglePartitionTopic() throws Exception {
        String topic = freshTopic();
        start(topic);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(1);
            assertThat(description.partitions().get(0).replicas()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void refusesAnExistingTopicWithTheWrongLayout() throws Exception {
        String partitioned = freshTopic();
        String deleting = freshTopic();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(
                    new NewTopic(partitioned, 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(deleting, 1, (short) 1).configs(Map.of("cleanup.policy", "delete")))).all().get();
        }
        assertThatThrownBy(() -> start(partitioned)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(partitioned).hasMessageContaining("3 partition");
        assertThatThrownBy(() -> start(deleting)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(deleting).hasMessageContaining("cleanup.policy=delete");
    }

    // ---------------------------------------------------------------- subjects and schemas

    @Test
    void registerAndReadBack() {
        HttpTestClient http = client(freshTopic());
        assertThat(ok(http.get("/")).body()).isEqualTo("{}");
        assertThat(ok(http.get("/subjects")).body()).isEqualTo("[]");
        assertThat(ok(http.get("/schemas/types")).body()).isEqualTo("[\"AVRO\"]");

        assertThat(register(http, "users-value", USER_V1)).isEqualTo(1);
        assertThat(register(http, "users-value", USER_V1_REFORMATTED)).as("same schema, same id").isEqualTo(1);
        assertThat(register(http, "users-value", USER_V2_WITH_DEFAULT)).isEqualTo(2);
        assertThat(register(http, "copy-value", USER_V1)).as("known schema keeps its id elsewhere").isEqualTo(1);
        assertThat(register(http, "orders-value", ORDER)).isEqualTo(3);

        assertThat(ok(http.get("/subjects")).body()).isEqualTo("[\"copy-value\",\"orders-value\",\"users-value\"]");
        assertThat(ok(http.get("/subjects/users-value/versions")).body()).isEqualTo("[1,2]");

        JsonNode v1 = ok(http.get("/subjects/users-value/versions/1")).json();
        assertThat(v1.path("subject").asText()).isEqualTo("users-value");
        assertThat(v1.path("version").asInt()).isEqualTo(1);
        assertThat(v1.path("id").asInt()).isEqualTo(1);
        assertThat(v1.path("schema").asText()).isEqualTo(canonical(USER_V1));
        assertThat(v1.has("schemaType")).isFalse();

        for (String latest : new String[] {"latest", "-1"}) {
            JsonNode v2 = ok(http.get("/subjects/users-value/versions/" + latest)).json();
            assertThat(v2.path("version").asInt()).isEqualTo(2);
            assertThat(v2.path("id").asInt()).isEqualTo(2);
        }
        assertThat(ok(http.get("/subjects/users-value/versions/1/schema")).body()).isEqualTo(canonical(USER_V1));

        assertError(http.get("/subjects/nobody/versions"), 404, 40401);
        assertError(http.get("/subjects/nobody/versions/1"), 404, 40401);
        assertError(http.get("/subjects/users-value/versions/3"), 404, 40402);
        assertError(http.get("/subjects/users-value/versions/abc"), 422, 42202);
        assertError(http.get("/subjects/users-value/versions/0"), 422, 42202);

        JsonNode byId = ok(http.get("/schemas/ids/1?fetchMaxId=false&subject=users-value")).json();
        assertThat(byId.path("schema").asText()).isEqualTo(canonical(USER_V1));
        assertThat(ok(http.get("/schemas/ids/1/schema")).body()).isEqualTo(canonical(USER_V1));
        assertThat(ok(http.get("/schemas/ids/1/versions")).body())
                .isEqualTo("[{\"subject\":\"copy-value\",\"version\":1},{\"subject\":\"users-value\",\"version\":1}]");
        assertThat(ok(http.get("/schemas/ids/3?fetchMaxId=true")).json().path("maxId").asInt()).isEqualTo(3);
        assertError(http.get("/schemas/ids/99"), 404, 40403);
        assertError(http.get("/schemas/ids/99/schema"), 404, 40403);
        assertError(http.get("/schemas/ids/99/versions"), 404, 40403);
    }

    @Test
    void lookupUnderASubject() {
        HttpTestClient http = client(freshTopic());
        register(http, "users-value", USER_V1);
        register(http, "users-value", USER_V2_WITH_DEFAULT);

        JsonNode found = ok(http.post("/subjects/users-value?normalize=false&deleted=false",
                schemaBody(USER_V1_REFORMATTED))).json();
        assertThat(found.path("subject").asText()).isEqualTo("users-value");
        assertThat(found.path("version").asInt()).isEqualTo(1);
        assertThat(found.path("id").asInt()).isEqualTo(1);
        assertThat(found.path("schema").asText()).isEqualTo(canonical(USER_V1));

        assertError(http.post("/subjects/nobody", schemaBody(USER_V1)), 404, 40401);
        assertError(http.post("/subjects/users-value", schemaBody(ORDER)), 404, 40403);
    }

    @Test
    void invalidRequests() {
        HttpTestClient http = client(freshTopic());
        assertError(http.post("/subjects/s/versions", schemaBody("{\"type\":\"record\"}")), 422, 42201);
        assertError(http.post("/subjects/s/versions", schemaBody("{}", "\"schemaType\":\"JSON\"")), 422, 42201);
        assertError(http.post("/subjects/s/versions", schemaBody("message M {}", "\"schemaType\":\"PROTOBUF\"")),
                422, 42201);
        assertError(http.post("/subjects/s/versions", schemaBody(USER_V1,
                "\"references\":[{\"name\":\"a\",\"subject\":\"b\",\"version\":1}]")), 422, 42201);
        assertError(http.post("/subjects/s/versions", "{broken"), 422, 422);
        assertError(http.send("POST", "/subjects/s/versions", schemaBody(USER_V1), "text/plain"), 415, 415);
        assertError(http.get("/no/such/path"), 404, 404);
        assertError(http.get("/subjects/s/versions/1/schema/extra"), 404, 404);
        assertError(http.send("PUT", "/subjects/s/versions", schemaBody(USER_V1), MEDIA_TYPE), 405, 405);
        assertThat(ok(http.get("/subjects?deleted=true")).body()).as("nothing was registered").isEqualTo("[]");
        assertThat(register(http, "s", USER_V1)).as("no id was used up").isEqualTo(1);
    }

    // ---------------------------------------------------------------- compatibility and config

    @Test
    void compatibilityAndConfig() {
        HttpTestClient http = client(freshTopic());
        assertThat(ok(http.get("/config")).body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(ok(http.get("/mode")).body()).isEqualTo("{\"mode\":\"READWRITE\"}");
        assertThat(ok(http.post("/compatibility/subjects/s/versions/latest", schemaBody(USER_V1))).body())
                .as("nothing to be incompatible with").isEqualTo("{\"is_compatible\":true}");

        register(http, "s", USER_V1);
        Reply incompatible = http.post("/subjects/s/versions", schemaBody(USER_ADDS_REQUIRED));
        assertError(incompatible, 409, 409);
        assertThat(incompatible.json().path("message").asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("email");

        assertThat(ok(http.post("/compatibility/subjects/s/versions/latest", schemaBody(USER_ADDS_REQUIRED)))
                .json().path("is_compatible").asBoolean()).isFalse();
        JsonNode verbose = ok(http.post("/compatibility/subjects/s/versions/1?verbose=true",
                schemaBody(USER_ADDS_REQUIRED))).json();
        assertThat(verbose.path("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.path("messages").get(0).asText()).contains("email");
        assertThat(ok(http.post("/compatibility/subjects/s/versions", schemaBody(USER_V2_WITH_DEFAULT))).body())
                .isEqualTo("{\"is_compatible\":true}");
        assertError(http.post("/compatibility/subjects/s/versions/9", schemaBody(USER_V1)), 404, 40402);
        assertError(http.post("/compatibility/subjects/nobody/versions/1", schemaBody(USER_V1)), 404, 40401);

        // subject-level config
        assertError(http.get("/config/s"), 404, 40408);
        assertThat(ok(http.get("/config/s?defaultToGlobal=true")).body())
                .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(ok(http.put("/config/s", "{\"compatibility\":\"FORWARD\"}")).body())
                .isEqualTo("{\"compatibility\":\"FORWARD\"}");
        assertThat(ok(http.get("/config/s")).body()).isEqualTo("{\"compatibilityLevel\":\"FORWARD\"}");
        assertThat(register(http, "s", USER_ADDS_REQUIRED)).as("FORWARD allows adding a required field").isEqualTo(2);
        assertThat(ok(http.delete("/config/s")).body()).isEqualTo("{\"compatibilityLevel\":\"FORWARD\"}");
        assertError(http.get("/config/s"), 404, 40408);
        assertError(http.delete("/config/s"), 404, 40408);

        // global config
        assertThat(ok(http.put("/config", "{\"compatibility\":\"NONE\"}")).body())
                .isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(ok(http.get("/config")).body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertError(http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
        assertError(http.put("/config/s", "{}"), 422, 42203);
        assertThat(ok(http.get("/config")).body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
    }

    @Test
    void backwardTransitiveOverHttp() {
        HttpTestClient http = client(freshTopic());
        ok(http.put("/config/chain", "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}"));
        register(http, "chain", BACK_1);
        register(http, "chain", BACK_2);
        assertThat(ok(http.post("/compatibility/subjects/chain/versions/latest", schemaBody(BACK_3))).body())
                .isEqualTo("{\"is_compatible\":true}");
        assertThat(ok(http.post("/compatibility/subjects/chain/versions", schemaBody(BACK_3))).body())
                .isEqualTo("{\"is_compatible\":false}");
        assertError(http.post("/subjects/chain/versions", schemaBody(BACK_3)), 409, 409);
    }

    // ---------------------------------------------------------------- deletes

    @Test
    void softAndHardDeletes() {
        HttpTestClient http = client(freshTopic());
        register(http, "s", USER_V1);
        register(http, "s", USER_V2_WITH_DEFAULT);
        register(http, "t", ORDER);

        assertError(http.delete("/subjects/s?permanent=true"), 404, 40405);
        assertThat(http.delete("/subjects/s?permanent=true").json().path("message").asText())
                .isEqualTo("Subject 's' was not deleted first before being permanently deleted");
        assertThat(ok(http.delete("/subjects/s")).body()).isEqualTo("[1,2]");
        assertError(http.delete("/subjects/s"), 404, 40404);
        assertThat(ok(http.get("/subjects")).body()).isEqualTo("[\"t\"]");
        assertThat(ok(http.get("/subjects?deleted=true")).body()).isEqualTo("[\"s\",\"t\"]");
        assertError(http.get("/subjects/s/versions"), 404, 40401);
        assertError(http.post("/subjects/s", schemaBody(USER_V1)), 404, 40401);
        assertThat(ok(http.get("/schemas/ids/1")).json().path("schema").asText()).isEqualTo(canonical(USER_V1));

        // registering again continues after the highest version ever
        assertThat(register(http, "s", USER_V2_WITH_DEFAULT)).isEqualTo(2);
        assertThat(ok(http.get("/subjects/s/versions")).body()).isEqualTo("[3]");

        // one version
        assertThat(ok(http.delete("/subjects/s/versions/3")).body()).isEqualTo("3");
        assertError(http.delete("/subjects/s/versions/3"), 404, 40406);
        assertThat(ok(http.delete("/subjects/s/versions/3?permanent=true")).body()).isEqualTo("3");
        assertError(http.delete("/subjects/s/versions/3"), 404, 40402);

        // the rest, permanently
        assertThat(ok(http.delete("/subjects/s?permanent=true")).body()).isEqualTo("[1,2]");
        assertThat(ok(http.get("/subjects?deleted=true")).body()).isEqualTo("[\"t\"]");
        assertError(http.get("/schemas/ids/1"), 404, 40403);
        assertError(http.delete("/subjects/s"), 404, 40401);
        // ids are not reused
        assertThat(register(http, "s", USER_V1)).isEqualTo(4);
    }

    // ---------------------------------------------------------------- durability and sharing

    @Test
    void aRestartedRegistryKeepsIdsAndVersions() {
        String topic = freshTopic();
        SchemaRegistryServer first = start(topic);
        HttpTestClient http = new HttpTestClient(first.url());
        register(http, "users-value", USER_V1);
        register(http, "users-value", USER_V2_WITH_DEFAULT);
        register(http, "orders-value", ORDER);
        ok(http.put("/config/orders-value", "{\"compatibility\":\"NONE\"}"));
        ok(http.delete("/subjects/users-value/versions/1"));
        first.close();
        first.close(); // idempotent

        HttpTestClient again = client(topic);
        assertThat(ok(again.get("/schemas/ids/1")).json().path("schema").asText()).isEqualTo(canonical(USER_V1));
        assertThat(ok(again.get("/schemas/ids/2")).json().path("schema").asText())
                .isEqualTo(canonical(USER_V2_WITH_DEFAULT));
        assertThat(ok(again.get("/subjects/users-value/versions")).body()).isEqualTo("[2]");
        assertThat(ok(again.get("/subjects/users-value/versions?deleted=true")).body()).isEqualTo("[1,2]");
        assertThat(ok(again.get("/subjects/orders-value/versions/latest")).json().path("id").asInt()).isEqualTo(3);
        assertThat(ok(again.get("/config/orders-value")).body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(register(again, "users-value", USER_V2_WITH_DEFAULT)).isEqualTo(2);
        assertThat(register(again, "other-value", "\"string\"")).as("next id after the highest").isEqualTo(4);
    }

    @Test
    void concurrentRegistrationsOfOneSchemaGetOneId() throws Exception {
        HttpTestClient http = client(freshTopic());
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String variant = i % 2 == 0 ? USER_V1 : USER_V1_REFORMATTED;
                results.add(pool.submit(() -> {
                    go.await();
                    return register(http, "race-value", variant);
                }));
            }
            go.countDown();
            Set<Integer> ids = ConcurrentHashMap.newKeySet();
            for (Future<Integer> result : results) {
                ids.add(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(ids).containsExactly(1);
            assertThat(ok(http.get("/subjects/race-value/versions?deleted=true")).body()).isEqualTo("[1]");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoRegistriesOnOneTopicSeeEachOthersWrites() throws Exception {
        String topic = freshTopic();
        HttpTestClient a = client(topic);
        HttpTestClient b = client(topic);

        int id = register(a, "shared-value", USER_V1);
        Reply seen = awaitStatus(b, "/schemas/ids/" + id, 200);
        assertThat(seen.json().path("schema").asText()).isEqualTo(canonical(USER_V1));
        assertThat(ok(b.get("/subjects/shared-value/versions/1")).json().path("id").asInt()).isEqualTo(id);

        // B writes next; it must allocate after A's id, and A must see it
        int second = register(b, "other-value", ORDER);
        assertThat(second).isEqualTo(id + 1);
        awaitStatus(a, "/schemas/ids/" + second, 200);
        ok(b.put("/config", "{\"compatibility\":\"FULL\"}"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!a.get("/config").body().contains("FULL") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ok(a.get("/config")).body()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
    }

    private static Reply awaitStatus(HttpTestClient http, String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Reply reply = http.get(path);
        while (reply.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(50);
            reply = http.get(path);
        }
        assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(status);
        return reply;
    }
}
