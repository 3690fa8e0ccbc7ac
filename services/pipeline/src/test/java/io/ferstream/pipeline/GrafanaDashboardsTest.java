package io.ferstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Grafana is not installable here, so the dashboards' structure is checked as Grafana reads it: a
 * schema version of the Grafana 11/12 era, a unique uid per dashboard, unique panel ids (rows' panels
 * included), and every query on the provisioned data source. {@link DashboardQueriesIT} checks what the
 * queries return.
 */
class GrafanaDashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDashboardIsGrafanaJsonOnTheProvisionedDataSource() throws IOException {
        Path root = DashboardQueriesIT.repositoryRoot();
        String datasource = Files.readString(root.resolve("monitoring/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(datasource).contains("uid: prometheus");
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(root.resolve("monitoring/grafana/dashboards"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(3);
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertThat(dashboard.path("schemaVersion").asInt()).as(file + " schemaVersion").isGreaterThanOrEqualTo(39);
            assertThat(dashboard.path("title").asText()).as(file + " title").isNotBlank();
            assertThat(uids.add(dashboard.path("uid").asText())).as(file + " uid, unique").isTrue();
            List<JsonNode> panels = new ArrayList<>();
            dashboard.path("panels").forEach(p -> {
                panels.add(p);
                p.path("panels").forEach(panels::add); // a collapsed row holds its panels
            });
            Set<Integer> ids = new HashSet<>();
            int queries = 0;
            for (JsonNode panel : panels) {
                assertThat(ids.add(panel.path("id").asInt(-1))).as(file + " panel id " + panel.path("id") + ", unique").isTrue();
                for (JsonNode target : panel.path("targets")) {
                    queries++;
                    String where = file.getFileName() + " / " + panel.path("title").asText();
                    assertThat(target.path("expr").asText()).as(where + " expr").isNotBlank();
                    assertThat(target.path("refId").asText()).as(where + " refId").isNotBlank();
                    JsonNode source = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
                    assertThat(source.path("uid").asText()).as(where + " data source").isEqualTo("prometheus");
                    if (target.path("expr").asText().contains("rate(")) {
                        assertThat(target.path("expr").asText()).as(where + " rate window").contains("$__rate_interval");
                    }
                }
            }
            assertThat(queries).as(file + " queries").isPositive();
        }
    }
}
