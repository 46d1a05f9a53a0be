package dev.easel.adapter.modelark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.support.RetryPolicy;
import dev.easel.core.error.EaselException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.SecretScrubber;
import dev.easel.core.error.SubmissionOutcomeUnknownException;
import dev.easel.core.model.GenerationRequest;
import feign.Client;
import feign.Feign;
import feign.FeignException;
import feign.Request;
import feign.RetryableException;
import feign.Retryer;
import feign.codec.Decoder;
import feign.jackson.JacksonEncoder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one call of ModelArk's images API, made with Feign the OpenFeign way (an annotated interface,
 * one factory with the error decoder, the auth interceptor and the timeouts) and never through a
 * retrying {@link Retryer}: the call runs the model and is billed, so it is sent again only when
 * ModelArk certainly did not run it (a 429, or a connection that was never made). A lost or broken
 * answer, or a server error, leaves the outcome unknown: {@link SubmissionOutcomeUnknownException}.
 */
final class ModelArkClient {

    private static final Logger LOG = LoggerFactory.getLogger(ModelArkClient.class);

    private final ModelArkApi api;
    private final ModelArkErrors errors;
    private final RequestMapping mapping;
    private final RetryPolicy retries;

    ModelArkClient(Settings settings) {
        ObjectMapper json = new ObjectMapper();
        this.errors = new ModelArkErrors(json, settings.scrubber());
        this.mapping = new RequestMapping(settings.catalog(), settings.responseFormat());
        this.retries = settings.retries();
        AnswerReader reader = new AnswerReader(json.getFactory(), settings.spool(), settings.scrubber());
        Decoder decoder = (response, type) -> {
            if (response.body() == null) {
                throw new IOException("ModelArk answered HTTP " + response.status() + " without a body");
            }
            return reader.read(response.body().asInputStream());
        };
        ApiKey key = settings.key();
        // HttpURLConnection, as the RunComfy adapter (decision 0007), with the request body streamed
        // rather than buffered: the JDK silently sends a buffered POST again when its answer is lost
        // on a reused connection, which would pay for the images twice.
        this.api = Feign.builder()
                .client(new Client.Default(null, null, true))
                .encoder(new JacksonEncoder(json))
                .decoder(decoder)
                .errorDecoder(errors.errorDecoder())
                .retryer(Retryer.NEVER_RETRY)
                .options(new Request.Options(settings.connectTimeout(), settings.readTimeout(), false))
                .requestInterceptor(template -> template
                        .header("Authorization", "Bearer " + key.reveal())
                        .header("Accept", "application/json")
                        .header("User-Agent", "easel/0.1"))
                .target(ModelArkApi.class, settings.baseUrl().toString());
    }

    /** What the client needs; the provider's builder makes it. */
    record Settings(ApiKey key, URI baseUrl, ResponseFormat responseFormat, ModelArkCatalog catalog, Spool spool,
            RetryPolicy retries, Duration connectTimeout, Duration readTimeout, SecretScrubber scrubber) {
    }

    /**
     * Generates the images of {@code request}.
     *
     * @throws ArkFailure when ModelArk refused the prompt or an image as sensitive content (the job failed)
     * @throws SubmissionOutcomeUnknownException when ModelArk may have run (and billed) the call but its answer was lost
     * @throws EaselException of the matching type for every other refusal
     */
    Answer generate(GenerationRequest request) {
        Wire.GenerationBody body = mapping.body(request);
        Instant start = Instant.now();
        for (int attempt = 1; ; attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            EaselException failure;
            try {
                return api.generate(body);
            } catch (ArkFailure f) {
                if (f.isSensitiveContent()) {
                    throw f;
                }
                if (!f.isRateLimit() && f.status() >= 500) {
                    throw new SubmissionOutcomeUnknownException("ModelArk answered the generation with a server error ("
                            + f.describe() + (f.detail().isEmpty() ? "" : ": " + f.detail()) + "), so Easel cannot tell"
                            + " whether it made and billed the images. It was not sent again; check the usage in your"
                            + " ModelArk console before retrying");
                }
                failure = errors.toCoreError(f);
                if (!f.isRateLimit()) {
                    throw failure;
                }
                retryAfter = f.retryAfter();
            } catch (RetryableException e) {
                if (!neverConnected(e)) {
                    throw new SubmissionOutcomeUnknownException("the answer of ModelArk to the generation was lost ("
                            + errors.scrub(String.valueOf(e.getMessage())) + "), so Easel cannot tell whether it made"
                            + " and billed the images. It was not sent again; check the usage in your ModelArk console"
                            + " before retrying", e);
                }
                failure = new ProviderUnavailableException("could not reach ModelArk: "
                        + errors.scrub(String.valueOf(e.getMessage())), e);
            } catch (FeignException e) {
                Throwable cause = e.getCause() instanceof EaselException easel ? easel : e;
                throw new SubmissionOutcomeUnknownException("ModelArk answered the generation but its answer could not"
                        + " be read to the end (" + errors.scrub(String.valueOf(cause.getMessage())) + "); the images"
                        + " may have been made and billed. It was not sent again; check the usage in your ModelArk"
                        + " console before retrying", e);
            }
            Duration wait = retries.backoff(attempt, retryAfter);
            if (!retries.allows(attempt, Duration.between(start, Instant.now()), wait)) {
                throw failure;
            }
            LOG.debug("sending the generation again in {} ms: ModelArk did not run it ({})", wait.toMillis(),
                    failure.getMessage());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }

    EaselException toCoreError(ArkFailure failure) {
        return errors.toCoreError(failure);
    }

    /** The connection was refused or the host unknown: nothing was sent, so ModelArk ran nothing. */
    private static boolean neverConnected(RetryableException e) {
        return e.getCause() instanceof ConnectException || e.getCause() instanceof UnknownHostException;
    }
}
