package dev.easel.core.port.out;

import dev.easel.core.model.CancelOutcome;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.RequestId;
import java.io.InputStream;
import java.net.URI;

/**
 * A hosted service that runs models. Receives only validated requests. Implementations map the
 * service's errors to the types in {@code dev.easel.core.error} and must never retry
 * {@link #submit} when they cannot tell whether the service created the job: a submission costs
 * money. The other calls are safe to retry.
 */
public interface GenerationProvider {

    /** Submits and returns the provider's id for the new request. */
    RequestId submit(GenerationRequest request);

    ProviderStatus status(RequestId id);

    ProviderResult result(RequestId id);

    CancelOutcome cancel(RequestId id);

    /**
     * Opens one output for reading, as a stream: the caller closes it. Only hosts the provider
     * trusts are contacted, and no credentials are sent with the download.
     *
     * @throws dev.easel.core.error.OutputExpiredException when the URL no longer serves the file
     */
    InputStream openOutput(URI output);
}
