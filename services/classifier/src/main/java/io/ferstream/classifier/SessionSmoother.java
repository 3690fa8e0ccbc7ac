package io.ferstream.classifier;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

import io.ferstream.vision.FaceBox;

/**
 * Per-session temporal smoothing of live predictions. Each face is tracked from one frame to the
 * next by box overlap (greedy, highest IoU first, at least {@code minIou}); a tracked face's
 * probabilities are smoothed exponentially, {@code s = alpha·raw + (1 − alpha)·s_prev}; a new face
 * starts a new track with its raw probabilities. A track not seen in a frame ends (a face that
 * reappears starts again): webcam frames come every few tens of ms, so one missed frame is rare and
 * a stale track would carry another person's history.
 *
 * <p>State is bounded: at most {@code maxSessions} sessions (the least recently seen is evicted
 * first) and a session idle for {@code idleMillis} is dropped by {@link #evictIdle}. Not
 * thread-safe: the classifier loop owns it.
 */
public final class SessionSmoother {

    /** One face's place in its session: a track id and the smoothed probabilities. */
    public record Smoothed(int trackId, float[] probabilities) {
    }

    private record Track(int id, FaceBox box, float[] smoothed) {
    }

    private static final class Session {
        final List<Track> tracks = new ArrayList<>();
        int nextTrackId;
        long lastSeenMillis;
    }

    private final double alpha;
    private final double minIou;
    private final int maxSessions;
    private final long idleMillis;
    private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private long evicted;

    public SessionSmoother(double alpha, double minIou, int maxSessions, long idleMillis) {
        if (!(alpha > 0 && alpha <= 1) || !(minIou > 0 && minIou <= 1) || maxSessions < 1 || idleMillis < 1) {
            throw new IllegalArgumentException("alpha and minIou must be in (0,1], maxSessions and idleMillis positive");
        }
        this.alpha = alpha;
        this.minIou = minIou;
        this.maxSessions = maxSessions;
        this.idleMillis = idleMillis;
    }

    /** Tracks and smooths one frame's faces ({@code boxes[i]} has {@code raw[i]}); one result per face, in order. */
    public List<Smoothed> smooth(String sessionId, long nowMillis, List<FaceBox> boxes, List<float[]> raw) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            session = new Session();
            sessions.put(sessionId, session);
            if (sessions.size() > maxSessions) {
                Iterator<String> eldest = sessions.keySet().iterator();
                eldest.next();
                eldest.remove();
                evicted++;
            }
        }
        session.lastSeenMillis = nowMillis;
        Track[] matched = match(session.tracks, boxes);
        List<Smoothed> out = new ArrayList<>(boxes.size());
        List<Track> next = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            Track previous = matched[i];
            float[] probabilities = previous == null ? raw.get(i).clone() : blend(raw.get(i), previous.smoothed());
            Track track = new Track(previous == null ? session.nextTrackId++ : previous.id(), boxes.get(i), probabilities);
            next.add(track);
            out.add(new Smoothed(track.id(), probabilities.clone()));
        }
        session.tracks.clear();
        session.tracks.addAll(next);
        return out;
    }

    /** Drops the sessions not seen for {@code idleMillis}; returns how many. */
    public int evictIdle(long nowMillis) {
        int dropped = 0;
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            if (nowMillis - it.next().lastSeenMillis > idleMillis) {
                it.remove();
                dropped++;
            }
        }
        evicted += dropped;
        return dropped;
    }

    /** Sessions held now. */
    public int sessions() {
        return sessions.size();
    }

    /** Sessions dropped so far, for being idle or for room. */
    public long evicted() {
        return evicted;
    }

    /** For each box, the previous frame's track it continues (greedy by IoU), or null. */
    private Track[] match(List<Track> tracks, List<FaceBox> boxes) {
        int[] continued = FaceMatching.match(boxes, tracks.stream().map(Track::box).toList(), minIou);
        Track[] matched = new Track[boxes.size()];
        for (int b = 0; b < matched.length; b++) {
            matched[b] = continued[b] < 0 ? null : tracks.get(continued[b]);
        }
        return matched;
    }

    private float[] blend(float[] raw, float[] previous) {
        float[] out = new float[raw.length];
        for (int k = 0; k < raw.length; k++) {
            out[k] = (float) (alpha * raw[k] + (1 - alpha) * previous[k]);
        }
        return out;
    }
}
