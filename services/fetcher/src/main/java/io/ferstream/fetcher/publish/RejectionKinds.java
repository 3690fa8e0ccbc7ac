package io.ferstream.fetcher.publish;

import io.ferstream.fetcher.source.RejectReason;

/** The {@code errorClass} of a source dead letter: the rejection kind, queryable like an exception class. */
final class RejectionKinds {

    private RejectionKinds() {
    }

    static String errorClass(RejectReason reason) {
        return RejectReason.class.getName() + "." + reason.name();
    }
}
