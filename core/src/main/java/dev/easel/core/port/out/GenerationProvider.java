package dev.easel.core.port.out;

import dev.easel.core.model.CancelOutcome;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.Submission;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A hosted service that runs models, queue-shaped (RunComfy: submit, then follow) or synchronous
 * (ModelArk: one call answers with the images). It receives only validated requests and maps the
 * service's errors to the types in {@code dev.easel.core.error}. The contract, checked for every
 * provider by {@code GenerationProviderContract} in core's test-jar:
 *
 * <ul>
 *   <li>{@link #submit} answers {@link Submission.Accepted} (follow it with {@link #status} and
 *       {@link #result}) or {@link Submission.Finished} (the outcome is in the answer; status and
 *       result are never asked about it). A submit that throws any error but
 *       {@link dev.easel.core.error.SubmissionOutcomeUnknownException} created nothing and costs
 *       nothing. When the service may have created the job (the answer was lost, a server error
 *       after sending), the provider throws {@code SubmissionOutcomeUnknownException} and never
 *       sends the request again. Status, result and cancel are safe to retry.</li>
 *   <li>An output is a URI the provider can open again with {@link #openOutput}, until
 *       {@link #release}: either a URL served by the service (it may expire) or inline bytes that
 *       came in the answer, which the provider spooled to durable storage while decoding the answer
 *       (never a whole image in the heap) and names with a URI of its own ({@code file:}).</li>
 *   <li>Cancelling is a capability: {@link #cancellation} is empty for a service that cannot cancel.</li>
 * </ul>
 */
public interface GenerationProvider {

    /**
     * The provider's name, as {@code EASEL_PROVIDER} and {@code --provider} spell it ({@code runcomfy},
     * {@code modelark}): recorded on each job made for it, so that only a process of this provider
     * follows the job (its request id and model mean something only here).
     */
    String name();

    /** Sends one request; see the type's contract for the answers and the one error never retried. */
    Submission submit(GenerationRequest request);

    /** What the service says of a request it {@linkplain Submission.Accepted accepted}. */
    ProviderStatus status(RequestId id);

    /** The outcome of an accepted request: outputs once it succeeded, the reason once it failed. */
    ProviderResult result(RequestId id);

    /** How to cancel at the service, or empty when the service cannot (a synchronous one never can). */
    Optional<Cancellation> cancellation();

    /**
     * Opens one output for reading, as a stream: the caller closes it. Only hosts the provider
     * trusts are contacted, and no credentials are sent with the download.
     *
     * @throws dev.easel.core.error.OutputExpiredException when the output is no longer served
     */
    InputStream openOutput(URI output);

    /**
     * The job's outputs are stored and journaled: the provider may forget them (delete what it
     * spooled). Outputs it does not hold are ignored. Called at most once per job, never before.
     */
    default void release(List<URI> outputs) {
    }

    /** Cancelling requests that the service {@linkplain Submission.Accepted accepted}. */
    @FunctionalInterface
    interface Cancellation {

        /** {@link CancelOutcome#NOT_CANCELLABLE} when the request is already running or finished. */
        CancelOutcome cancel(RequestId id);
    }
}
