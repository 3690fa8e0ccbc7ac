package io.ferstream.gateway;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A test's side of {@code /ws/live}: Jetty's WebSocket client, from a chosen local address, replies queued as JSON. */
public final class LiveClient implements Session.Listener.AutoDemanding, AutoCloseable {

    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final WebSocketClient client;
    private Session session;

    private LiveClient(WebSocketClient client) {
        this.client = client;
    }

    /** Connects from {@code localAddress} (its rate limit is its own) with the given {@code Origin} header. */
    static LiveClient connect(int port, String localAddress, String origin) throws Exception {
        HttpClient http = new HttpClient();
        http.setBindAddress(new InetSocketAddress(localAddress, 0));
        WebSocketClient client = new WebSocketClient(http);
        client.start();
        LiveClient live = new LiveClient(client);
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setHeader("Origin", origin);
        try {
            client.connect(live, URI.create("ws://127.0.0.1:" + port + "/ws/live"), upgrade).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.stop();
            throw e;
        }
        return live;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.session = opened;
    }

    @Override
    public void onWebSocketText(String message) {
        try {
            replies.add(ProtocolJson.JSON.readTree(message));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void send(byte[] frame) {
        session.sendBinary(ByteBuffer.wrap(frame), Callback.NOOP);
    }

    /** The next reply, or an assertion failure after {@code timeout}. */
    JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new AssertionError("no reply within " + timeout);
        }
        return reply;
    }

    @Override
    public void close() throws Exception {
        if (session != null) {
            session.close();
        }
        client.stop();
    }
}
