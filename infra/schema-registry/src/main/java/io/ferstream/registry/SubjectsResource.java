package io.ferstream.registry;

import static io.ferstream.registry.RegistryJson.array;
import static io.ferstream.registry.RegistryResponse.ok;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /subjects}: list subjects; look up, delete a subject; list, register, get, delete its
 * versions; a version's raw schema and what references it.
 */
final class SubjectsResource {

    private final RegistryService service;

    SubjectsResource(RegistryService service) {
        this.service = service;
    }

    RegistryResponse handle(RegistryRequest request) {
        List<String> path = request.path();
        int size = path.size();
        if (size == 1) {
            return request.only("GET", () -> ok(array(service.subjects(request.flag("deleted"),
                    request.query("subjectPrefix")))));
        }
        String subject = request.segment(1);
        if (size == 2) {
            return switch (request.method()) {
                case "POST" -> ok(RegistryJson.version(service.lookup(subject, request.schemaFromBody(),
                        request.flag("deleted"))));
                case "DELETE" -> ok(array(service.deleteSubject(subject, request.flag("permanent"))));
                default -> throw RegistryRequest.methodNotAllowed();
            };
        }
        if (!"versions".equals(path.get(2))) {
            throw request.notFound();
        }
        if (size == 3) {
            return switch (request.method()) {
                case "GET" -> ok(array(service.versions(subject, request.flag("deleted"))));
                case "POST" -> {
                    String schema = request.schemaFromBody();
                    ObjectNode body = RegistryJson.object();
                    body.put("id", service.register(subject, schema));
                    yield ok(body);
                }
                default -> throw RegistryRequest.methodNotAllowed();
            };
        }
        String version = request.segment(3);
        if (size == 4) {
            return switch (request.method()) {
                case "GET" -> ok(RegistryJson.version(service.version(subject, version, request.flag("deleted"))));
                case "DELETE" -> ok(RegistryJson.MAPPER.getNodeFactory().numberNode(
                        service.deleteVersion(subject, version, request.flag("permanent"))));
                default -> throw RegistryRequest.methodNotAllowed();
            };
        }
        if (size == 5 && "schema".equals(path.get(4))) {
            return request.only("GET",
                    () -> RegistryResponse.okText(service.version(subject, version, request.flag("deleted")).schema()));
        }
        if (size == 5 && "referencedby".equals(path.get(4))) {
            // References are not supported, so nothing can refer to a version.
            return request.only("GET", () -> {
                service.version(subject, version, true);
                return ok(RegistryJson.MAPPER.createArrayNode());
            });
        }
        throw request.notFound();
    }
}
