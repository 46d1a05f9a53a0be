package dev.easel.core.model;

import java.util.Objects;

/**
 * A service's answer to a submit: the request was {@link Accepted} and is to be followed, or the
 * service answered with its outcome at once, {@link Finished} (a synchronous service). Either way
 * the answer names the request with an id, which a synchronous provider makes up when the service
 * gives none, so that the journal can find the job by it.
 */
public sealed interface Submission permits Submission.Accepted, Submission.Finished {

    RequestId id();

    static Submission accepted(RequestId id) {
        return new Accepted(id);
    }

    static Submission finished(RequestId id, ProviderResult result) {
        return new Finished(id, result);
    }

    /** Queued at the service: its state comes from later status and result calls. */
    record Accepted(RequestId id) implements Submission {
        public Accepted {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Done at the service within the submit: succeeded with its outputs, or failed with the reason. */
    record Finished(RequestId id, ProviderResult result) implements Submission {
        public Finished {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(result, "result");
            if (!result.state().isFinished()) {
                throw new IllegalArgumentException("a finished submission needs a finished result, got " + result.state());
            }
        }
    }
}
