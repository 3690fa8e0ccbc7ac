package io.ferstream.registry;

import static io.ferstream.registry.RegistryJson.array;
import static io.ferstream.registry.RegistryResponse.ok;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.registry.SchemaStore.SubjectVersion;
import io.ferstream.registry.SchemaStore.VersionEntry;

/** {@code /schemas}: all schemas, the supported types, and a schema by id with its usages. */
final class SchemasResource {

    private final RegistryService service;

    SchemasResource(RegistryService service) {
        this.service = service;
    }

    RegistryResponse handle(RegistryRequest request) {
        List<String> path = request.path();
        int size = path.size();
        if (size == 1) {
            return request.only("GET", () -> {
                ArrayNode result = RegistryJson.MAPPER.createArrayNode();
                for (VersionEntry entry : service.schemas(request.query("subjectPrefix"), request.flag("deleted"),
                        request.flag("latestOnly"))) {
                    result.add(RegistryJson.version(entry));
                }
                return ok(result);
            });
        }
        if (size == 2 && "types".equals(path.get(1))) {
            return request.only("GET", () -> ok(array(List.of("AVRO"))));
        }
        if (size >= 3 && size <= 4 && "ids".equals(path.get(1))) {
            String rawId = path.get(2);
            String tail = size == 4 ? path.get(3) : "";
            if (!Set.of("", "schema", "versions", "subjects").contains(tail)) {
                throw request.notFound();
            }
            return request.only("GET", () -> byId(request, parseId(rawId), tail));
        }
        throw request.notFound();
    }

    private RegistryResponse byId(RegistryRequest request, int id, String tail) {
        switch (tail) {
            case "schema":
                return RegistryResponse.okText(service.schemaById(id));
            case "versions": {
                ArrayNode result = RegistryJson.MAPPER.createArrayNode();
                for (SubjectVersion usage : service.usagesOf(id, request.flag("deleted"))) {
                    result.addObject().put("subject", usage.subject()).put("version", usage.version());
                }
                return ok(result);
            }
            case "subjects":
                return ok(array(service.subjectsOf(id, request.flag("deleted"))));
            default: {
                ObjectNode body = RegistryJson.object();
                body.put("schema", service.schemaById(id));
                if (request.flag("fetchMaxId")) {
                    body.put("maxId", service.maxId());
                }
                return ok(body);
            }
        }
    }

    private static int parseId(String rawId) {
        try {
            return Integer.parseInt(rawId);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaIdNotFound(rawId);
        }
    }
}
