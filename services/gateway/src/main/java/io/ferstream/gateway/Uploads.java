package io.ferstream.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /api/images}: multipart/form-data, field {@code image}, one or many files. Each image is a
 * session of its own (so the classifier's smoothing has no history to mix in) with one frame; the answer
 * comes when every image has its prediction or its error. The body is bounded as it is read (whole
 * request and each part at most {@code max-upload-bytes}, held in memory, never written to disk).
 */
final class Uploads {

    static final String FIELD = "image";
    private static final int MAX_NAME = 200;

    private final FrameGate gate;
    private final GatewayConfig config;
    private final MultiPartConfig multipart;

    Uploads(FrameGate gate, GatewayConfig config) {
        this.gate = gate;
        this.config = config;
        this.multipart = new MultiPartConfig.Builder().maxParts(config.maxUploadFiles() + 4).maxSize(config.maxUploadBytes())
                .maxPartSize(config.maxUploadBytes()).maxMemoryPartSize(config.maxUploadBytes()).build();
    }

    void handle(Request request, Response response, Callback callback) {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            refuse(response, callback, HttpStatus.BAD_REQUEST_400, "bad_request",
                    "Send the images as multipart/form-data, each in a field named '" + FIELD + "'.");
            return;
        }
        if (request.getLength() > config.maxUploadBytes()) {
            refuseTooLarge(response, callback);
            return;
        }
        MultiPartFormData.from(request, request, contentType, multipart).whenComplete((parts, failure) -> {
            if (failure != null) {
                refuseUnreadable(response, callback, failure);
                return;
            }
            try (parts) {
                classify(Request.getRemoteAddr(request), parts.getAll(FIELD), response, callback);
            }
        });
    }

    private void classify(String client, List<MultiPart.Part> images, Response response, Callback callback) {
        if (images.isEmpty()) {
            refuse(response, callback, HttpStatus.BAD_REQUEST_400, "bad_request", "The upload has no file in the field '" + FIELD + "'.");
            return;
        }
        if (images.size() > config.maxUploadFiles()) {
            refuse(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "too_large", "An upload may hold at most "
                    + config.maxUploadFiles() + " images; this one has " + images.size() + ".");
            return;
        }
        if (!gate.allow(client, images.size())) {
            refuse(response, callback, HttpStatus.TOO_MANY_REQUESTS_429, "rate_limited", "Too many images from your address"
                    + " in a short time (" + config.rateLimitFps() + " per second); wait a moment and try again.");
            return;
        }
        List<CompletableFuture<ObjectNode>> results = new ArrayList<>();
        for (MultiPart.Part part : images) {
            String name = part.getFileName() == null ? "" : part.getFileName();
            UploadReply reply = new UploadReply(name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name, config.replyTimeout());
            results.add(reply.result());
            String sessionId = UUID.randomUUID().toString();
            if (!gate.open(sessionId, reply)) {
                gate.metrics().refused("busy");
                reply.failed("The gateway is classifying as many images as it may; try again in a moment.");
                continue;
            }
            reply.result().whenComplete((done, error) -> gate.close(sessionId));
            gate.submit(sessionId, 0, bytes(part), reply);
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((done, error) -> {
            ObjectNode body = ProtocolJson.JSON.createObjectNode();
            ArrayNode array = body.putArray("results");
            results.forEach(r -> array.add(r.join()));
            Responses.json(response, callback, HttpStatus.OK_200, body.toString());
        });
    }

    private static byte[] bytes(MultiPart.Part part) {
        ByteBuffer content;
        try {
            content = Content.Source.asByteBuffer(part.getContentSource());
        } catch (IOException e) { // the part is in memory already: bounded by max-upload-bytes
            throw new UncheckedIOException(e);
        }
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        return bytes;
    }

    private void refuseUnreadable(Response response, Callback callback, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("max") || message.contains("too large") || message.contains("exceed")) {
            refuseTooLarge(response, callback);
        } else {
            refuse(response, callback, HttpStatus.BAD_REQUEST_400, "bad_request", "The upload could not be read as multipart/form-data.");
        }
    }

    private void refuseTooLarge(Response response, Callback callback) {
        refuse(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "too_large", "An upload may hold at most "
                + config.maxUploadBytes() + " bytes and " + config.maxUploadFiles() + " images.");
    }

    private void refuse(Response response, Callback callback, int status, String code, String sentence) {
        gate.metrics().refused(code);
        Responses.error(response, callback, status, code, sentence);
    }
}
