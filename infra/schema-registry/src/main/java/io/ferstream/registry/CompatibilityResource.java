package io.ferstream.registry;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code POST /compatibility/subjects/{subject}/versions[/{version}]}: would this schema be accepted? */
final class CompatibilityResource {

    private final RegistryService service;

    CompatibilityResource(RegistryService service) {
        this.service = service;
    }

    RegistryResponse handle(RegistryRequest request) {
        List<String> path = request.path();
        int size = path.size();
        if ((size != 4 && size != 5) || !"subjects".equals(path.get(1)) || !"versions".equals(path.get(3))) {
            throw request.notFound();
        }
        return request.only("POST", () -> {
            String subject = request.segment(2);
            String version = size == 5 ? request.segment(4) : null;
            List<String> problems = service.testCompatibility(subject, version, request.schemaFromBody());
            ObjectNode body = RegistryJson.object();
            body.put("is_compatible", problems.isEmpty());
            if (request.flag("verbose")) {
                body.set("messages", RegistryJson.array(problems));
            }
            return RegistryResponse.ok(body);
        });
    }
}
