package io.ferstream.registry;

import static io.ferstream.registry.HttpTestClient.schemaBody;
import static io.ferstream.registry.TestSchemas.USER_V1;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import io.ferstream.registry.HttpTestClient.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer over an in-memory log: routing, media types and request-body errors, no broker. */
class RegistryHttpHandlerTest {

    private HttpServer server;
    private ExecutorService executor;
    private HttpTestClient http;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/", new RegistryHttpHandler(InMemorySchemaLog.newService()));
        server.start();
        http = new HttpTestClient("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void assertError(Reply reply, int status, int errorCode) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.errorCode()).as(reply.body()).isEqualTo(errorCode);
        assertThat(reply.json().path("message").asText()).isNotBlank();
        assertThat(reply.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void rootAndContentType() {
        Reply reply = http.get("/");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{}");
        assertThat(reply.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void unknownPathsAndMethods() {
        assertError(http.get("/nope"), 404, 404);
        assertError(http.get("/subjects/s/versions/1/nope"), 404, 404);
        assertError(http.get("/subjects/s/other"), 404, 404);
        assertError(http.send("PATCH", "/subjects", null, null), 405, 405);
        assertError(http.delete("/schemas/types"), 405, 405);
        assertError(http.get("/compatibility/subjects/s/versions"), 405, 405);
    }

    @Test
    void acceptedRequestMediaTypes() {
        String body = schemaBody(USER_V1);
        for (String type : new String[] {"application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json",
            "application/json", "application/json; charset=utf-8", "application/octet-stream", null}) {
            Reply reply = http.send("POST", "/subjects/s/versions", body, type);
            assertThat(reply.status()).as("Content-Type " + type).isEqualTo(200);
            assertThat(reply.json().path("id").asInt()).isEqualTo(1);
        }
        assertError(http.send("POST", "/subjects/s/versions", body, "text/plain"), 415, 415);
    }

    @Test
    void malformedBodiesAre422() {
        assertError(http.post("/subjects/s/versions", "{not json"), 422, 422);
        assertError(http.post("/subjects/s/versions", "[1,2]"), 422, 422);
        assertError(http.post("/subjects/s/versions", ""), 422, 422);
        assertError(http.post("/subjects/s/versions", "{\"schema\": {\"type\": \"string\"}}"), 422, 422);
        assertError(http.post("/subjects/s/versions", "{}"), 422, 42201);
        assertError(http.put("/config", "{oops"), 422, 422);
    }

    @Test
    void onlyAvroWithoutReferences() {
        assertError(http.post("/subjects/s/versions", schemaBody("{\"type\":\"object\"}", "\"schemaType\":\"JSON\"")),
                422, 42201);
        assertThat(http.post("/subjects/s/versions", schemaBody("{\"type\":\"object\"}", "\"schemaType\":\"JSON\""))
                .json().path("message").asText()).contains("only supports AVRO");
        assertError(http.post("/subjects/s/versions", schemaBody("syntax = \"proto3\";", "\"schemaType\":\"PROTOBUF\"")),
                422, 42201);
        assertError(http.post("/subjects/s/versions", schemaBody(USER_V1,
                "\"references\":[{\"name\":\"x\",\"subject\":\"y\",\"version\":1}]")), 422, 42201);
        Reply ok = http.post("/subjects/s/versions", schemaBody(USER_V1, "\"schemaType\":\"AVRO\",\"references\":[]"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"id\":1}");
    }

    @Test
    void encodedSubjectNamesAndIgnoredQueryParameters() {
        Reply registered = http.post("/subjects/my%2Fsubject%20with+plus/versions?normalize=false&unknown=1",
                schemaBody(USER_V1));
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        Reply subjects = http.get("/subjects");
        assertThat(subjects.json().get(0).asText()).isEqualTo("my/subject with+plus");
        Reply latest = http.get("/subjects/my%2Fsubject%20with%2Bplus/versions/latest?deleted=false&format=x");
        assertThat(latest.status()).isEqualTo(200);
        assertThat(latest.json().path("subject").asText()).isEqualTo("my/subject with+plus");
    }

    @Test
    void pythonStyleCapitalisedBooleans() {
        http.post("/subjects/s/versions", schemaBody(USER_V1));
        assertThat(http.delete("/subjects/s?permanent=False").body()).isEqualTo("[1]");
        assertThat(http.get("/subjects?deleted=True").body()).isEqualTo("[\"s\"]");
        assertThat(http.delete("/subjects/s?permanent=True").body()).isEqualTo("[1]");
        assertThat(http.get("/subjects?deleted=true").body()).isEqualTo("[]");
    }

    @Test
    void nonNumericSchemaIdIsNotFound() {
        assertError(http.get("/schemas/ids/abc"), 404, 40403);
    }
}
