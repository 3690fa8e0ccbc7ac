package io.ferstream.gateway;

import java.nio.ByteBuffer;
import java.util.UUID;

import io.ferstream.events.Prediction;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live session ({@code /ws/live}): the server chooses its id, numbers its binary messages (frames)
 * 0, 1, 2, … and sends exactly one text reply per frame (PROTOCOL.md). Jetty delivers one message at a
 * time per socket; replies come from other threads too (predictions, timeouts), so sending is serialised.
 * Public only because Jetty binds a listener's methods through a public lookup.
 */
public final class LiveSocket implements Session.Listener.AutoDemanding, Replies {

    private static final Logger log = LoggerFactory.getLogger(LiveSocket.class);

    private final FrameGate gate;
    private final GatewayConfig config;
    private final String client;
    private final String sessionId = UUID.randomUUID().toString();
    private Session session;
    private long nextSeq;

    LiveSocket(FrameGate gate, GatewayConfig config, String client) {
        this.gate = gate;
        this.config = config;
        this.client = client;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.session = opened;
        if (!gate.open(sessionId, this)) {
            gate.metrics().refused("busy");
            opened.close(StatusCode.TRY_AGAIN_LATER, "the gateway serves as many sessions as it may; try again later",
                    Callback.NOOP);
            return;
        }
        send(ProtocolJson.hello(sessionId, config, gate.servingModel()));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        long seq = nextSeq++;
        if (!gate.allow(client, 1)) {
            gate.rateLimited(this, seq);
            return;
        }
        gate.submit(sessionId, seq, bytes, this);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        gate.close(sessionId);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("live session {} failed", sessionId, cause);
        gate.close(sessionId);
    }

    @Override
    public void prediction(InFlightFrames.Pending<Replies> frame, Prediction prediction, long gatewayNanos) {
        send(ProtocolJson.prediction(frame.seq(), frame.width(), frame.height(), prediction, gatewayNanos / 1e6));
    }

    @Override
    public void dropped(long seq, GatewayMetrics.Dropped reason) {
        send(ProtocolJson.dropped(seq, reason.reason()));
    }

    @Override
    public void refused(long seq, ImageCheck.Refused refusal) {
        send(ProtocolJson.refused(seq, refusal.getMessage()));
    }

    /** A client that does not read its replies fills Jetty's bounded outgoing queue; it is then disconnected. */
    private synchronized void send(String json) {
        if (session == null || !session.isOpen()) {
            return;
        }
        try {
            session.sendText(json, Callback.from(() -> { }, failure -> {
                log.debug("live session {}: reply not sent, closing", sessionId, failure);
                session.close(StatusCode.POLICY_VIOLATION, "replies are not being read", Callback.NOOP);
            }));
        } catch (RuntimeException e) { // closed meanwhile: nobody is left to answer, and routing must go on
            log.debug("live session {}: reply not sent", sessionId, e);
        }
    }
}
