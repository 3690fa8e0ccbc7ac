package io.ferstream.gateway;

import io.ferstream.events.Prediction;

/** Where the one reply to each frame of a session goes: a live socket, or one image of an upload. */
interface Replies {

    /** {@code frame}: the frame as it was admitted; {@code gatewayNanos}: its receipt to now. */
    void prediction(InFlightFrames.Pending<Replies> frame, Prediction prediction, long gatewayNanos);

    void dropped(long seq, GatewayMetrics.Dropped reason);

    /** {@code refusal}: why the frame is not an image the classifier may be given. */
    void refused(long seq, ImageCheck.Refused refusal);
}
