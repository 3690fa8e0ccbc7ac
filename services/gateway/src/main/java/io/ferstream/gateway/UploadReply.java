package io.ferstream.gateway;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.events.Prediction;

/** The one reply to one uploaded image: its entry of the upload's {@code results}. */
final class UploadReply implements Replies {

    private final String name;
    private final Duration timeout;
    private final CompletableFuture<ObjectNode> result = new CompletableFuture<>();

    UploadReply(String name, Duration timeout) {
        this.name = name;
        this.timeout = timeout;
    }

    CompletableFuture<ObjectNode> result() {
        return result;
    }

    void failed(String sentence) {
        result.complete(ProtocolJson.uploadFailed(name, sentence));
    }

    @Override
    public void prediction(InFlightFrames.Pending<Replies> frame, Prediction prediction, long gatewayNanos) {
        result.complete(ProtocolJson.uploaded(name, frame.width(), frame.height(), prediction));
    }

    @Override
    public void dropped(long seq, GatewayMetrics.Dropped reason) {
        // each image is a session of its own with one frame: a timeout is the only drop it can meet
        failed("No prediction came within " + timeout.toMillis() + " ms: the classifier is busy or could not decode the image.");
    }

    @Override
    public void refused(long seq, ImageCheck.Refused refusal) {
        failed(refusal.getMessage());
    }
}
