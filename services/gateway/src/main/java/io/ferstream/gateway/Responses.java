package io.ferstream.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing a whole response in one go: JSON, an error of PROTOCOL.md, or bytes of a type. */
final class Responses {

    static final String JSON_TYPE = "application/json; charset=utf-8";

    private Responses() {
    }

    static void bytes(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static void json(Response response, Callback callback, int status, String json) {
        bytes(response, callback, status, JSON_TYPE, json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"error": code, "message": sentence}} with a 4xx/5xx status. */
    static void error(Response response, Callback callback, int status, String code, String sentence) {
        json(response, callback, status, ProtocolJson.error(code, sentence));
    }
}
