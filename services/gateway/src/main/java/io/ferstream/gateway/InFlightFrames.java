package io.ferstream.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The frames each open session is waiting on, so that every frame gets exactly one reply: a frame is
 * admitted only while its session has fewer than {@code maxPerSession} outstanding, and leaves by exactly
 * one of {@link #complete} (its prediction came) or {@link #expire} (it did not, in time). Bounded: at most
 * {@code maxSessions} sessions, each with at most {@code maxPerSession} frames. Thread-safe.
 *
 * @param <S> what receives a session's replies (a socket, an upload)
 */
final class InFlightFrames<S> {

    /** A frame waiting for its prediction; {@code width} and {@code height} are from its header. */
    record Pending<S>(S session, String sessionId, long seq, long receivedNanos, int width, int height) {
    }

    enum Admission { ADMITTED, IN_FLIGHT, CLOSED }

    private static final class Session<S> {
        final S owner;
        final Map<Long, Pending<S>> pending = new LinkedHashMap<>();

        Session(S owner) {
            this.owner = owner;
        }
    }

    private final int maxPerSession;
    private final int maxSessions;
    private final LongSupplier nanos;
    private final Map<String, Session<S>> sessions = new ConcurrentHashMap<>();

    InFlightFrames(int maxPerSession, int maxSessions, LongSupplier nanos) {
        this.maxPerSession = maxPerSession;
        this.maxSessions = maxSessions;
        this.nanos = nanos;
    }

    /** Opens a session; false when {@code maxSessions} are open already. */
    synchronized boolean open(String sessionId, S owner) {
        if (sessions.size() >= maxSessions) {
            return false;
        }
        return sessions.putIfAbsent(sessionId, new Session<>(owner)) == null;
    }

    /** Forgets a session and its outstanding frames (nobody is left to answer). */
    void close(String sessionId) {
        sessions.remove(sessionId);
    }

    Admission admit(String sessionId, long seq, int width, int height) {
        Session<S> session = sessions.get(sessionId);
        if (session == null) {
            return Admission.CLOSED;
        }
        synchronized (session) {
            if (session.pending.size() >= maxPerSession) {
                return Admission.IN_FLIGHT;
            }
            session.pending.put(seq, new Pending<>(session.owner, sessionId, seq, nanos.getAsLong(), width, height));
            return Admission.ADMITTED;
        }
    }

    /** The frame, if it was still waiting; empty for a frame expired already or a session not open here. */
    Optional<Pending<S>> complete(String sessionId, long seq) {
        Session<S> session = sessions.get(sessionId);
        if (session == null) {
            return Optional.empty();
        }
        synchronized (session) {
            return Optional.ofNullable(session.pending.remove(seq));
        }
    }

    /** Removes and returns every frame that has waited longer than {@code timeout}. */
    List<Pending<S>> expire(Duration timeout) {
        long cutoff = nanos.getAsLong() - timeout.toNanos();
        List<Pending<S>> expired = new ArrayList<>();
        for (Session<S> session : sessions.values()) {
            synchronized (session) {
                for (Iterator<Pending<S>> it = session.pending.values().iterator(); it.hasNext(); ) {
                    Pending<S> frame = it.next();
                    if (frame.receivedNanos() - cutoff <= 0) {
                        expired.add(frame);
                        it.remove();
                    }
                }
            }
        }
        return expired;
    }

    int sessions() {
        return sessions.size();
    }

    int outstanding(String sessionId) {
        Session<S> session = sessions.get(sessionId);
        if (session == null) {
            return 0;
        }
        synchronized (session) {
            return session.pending.size();
        }
    }
}
