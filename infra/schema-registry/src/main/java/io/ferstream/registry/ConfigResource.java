package io.ferstream.registry;

import static io.ferstream.registry.RegistryResponse.ok;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The registry's settings: {@code /config} (global and per-subject compatibility levels) and
 * {@code /mode} (READWRITE only: this registry has no import or read-only mode).
 */
final class ConfigResource {

    private final RegistryService service;

    ConfigResource(RegistryService service) {
        this.service = service;
    }

    RegistryResponse config(RegistryRequest request) {
        List<String> path = request.path();
        if (path.size() == 1) {
            return switch (request.method()) {
                case "GET" -> ok(level("compatibilityLevel", service.globalLevel()));
                case "PUT" -> ok(level("compatibility", service.setGlobalLevel(request.textFromBody("compatibility"))));
                case "DELETE" -> ok(level("compatibilityLevel", service.deleteGlobalLevel()));
                default -> throw RegistryRequest.methodNotAllowed();
            };
        }
        if (path.size() == 2) {
            String subject = request.segment(1);
            return switch (request.method()) {
                case "GET" -> ok(level("compatibilityLevel", service.subjectLevel(subject, request.flag("defaultToGlobal"))));
                case "PUT" -> ok(level("compatibility",
                        service.setSubjectLevel(subject, request.textFromBody("compatibility"))));
                case "DELETE" -> ok(level("compatibilityLevel", service.deleteSubjectLevel(subject)));
                default -> throw RegistryRequest.methodNotAllowed();
            };
        }
        throw request.notFound();
    }

    RegistryResponse mode(RegistryRequest request) {
        if (request.path().size() > 2) {
            throw request.notFound();
        }
        return switch (request.method()) {
            case "GET" -> ok(readWrite());
            case "PUT" -> {
                String name = request.textFromBody("mode");
                if (!"READWRITE".equalsIgnoreCase(name)) {
                    throw RegistryException.invalidMode(name);
                }
                yield ok(readWrite());
            }
            default -> throw RegistryRequest.methodNotAllowed();
        };
    }

    private static ObjectNode level(String field, CompatibilityLevel level) {
        ObjectNode body = RegistryJson.object();
        body.put(field, level.name());
        return body;
    }

    private static ObjectNode readWrite() {
        ObjectNode body = RegistryJson.object();
        body.put("mode", "READWRITE");
        return body;
    }
}
