package dev.easel.adapter.runcomfy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.support.ApiBase;
import dev.easel.adapter.support.Downloads;
import dev.easel.adapter.support.HostPolicy;
import dev.easel.adapter.support.RetryPolicy;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.EaselException;
import dev.easel.core.error.ProviderException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.SubmissionOutcomeUnknownException;
import dev.easel.core.model.CancelOutcome;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.Submission;
import dev.easel.core.port.out.GenerationProvider;
import feign.Client;
import feign.Feign;
import feign.FeignException;
import feign.Request;
import feign.RetryableException;
import feign.Retryer;
import feign.codec.DecodeException;
import feign.jackson.JacksonEncoder;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RunComfy's Model API as a {@link GenerationProvider}. Status, result and cancel are retried on rate
 * limits, server faults and I/O errors; a submit is retried only when RunComfy certainly did not
 * create the job (a 429, or a connection that was never made), because a submit that reached the
 * service may be billed.
 */
public final class RunComfyProvider implements GenerationProvider {

    public static final URI DEFAULT_BASE_URL = URI.create("https://model-api.runcomfy.net");
    /** Where RunComfy serves outputs from; EASEL_DOWNLOAD_HOSTS replaces them, the API's own host is always allowed. */
    public static final String DEFAULT_DOWNLOAD_HOSTS = "*.runcomfy.net,*.runcomfy.com";
    private static final Downloads.Wording OUTPUTS =
            new Downloads.Wording("output", "the provider's copy expired before it was downloaded", false);

    private static final Logger LOG = LoggerFactory.getLogger(RunComfyProvider.class);
    private static final Set<String> UNKNOWN_STATES_LOGGED = ConcurrentHashMap.newKeySet();
    /** State words are short; a longer one is cut (after scrubbing) before it is logged or shown. */
    private static final int STATE_WORD_LENGTH = 64;

    private final RunComfyApi api;
    private final RunComfyErrors errors;
    private final Downloads downloads;
    private final RetryPolicy retries;

    private RunComfyProvider(Builder builder) {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.errors = new RunComfyErrors(json, builder.token.scrubber());
        this.retries = builder.retries;
        ApiToken token = builder.token;
        // HttpURLConnection rather than java.net.http.HttpClient: the latter keeps a selector thread in
        // native code, for which HotSpot waits 300 ms at every exit (decision 0007). Request bodies are
        // streamed, not buffered: a buffered POST whose answer is lost on a reused connection is sent
        // again by the JDK itself, which could pay for a job twice.
        this.api = Feign.builder()
                .client(new Client.Default(null, null, true))
                .encoder(new JacksonEncoder(json))
                .decoder(errors.decoder())
                .errorDecoder(errors.errorDecoder())
                .retryer(Retryer.NEVER_RETRY)
                .options(new Request.Options(builder.connectTimeout, builder.readTimeout, false))
                .requestInterceptor(template -> template
                        .header("Authorization", "Bearer " + token.reveal())
                        .header("Accept", "application/json")
                        .header("User-Agent", "easel/0.1"))
                .target(RunComfyApi.class, builder.baseUrl.toString());
        this.downloads = new Downloads(HostPolicy.of(builder.downloadHosts, builder.baseUrl, builder.allowPlainHttp), retries,
                builder.connectTimeout, builder.readTimeout, token.scrubber(), OUTPUTS);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "runcomfy";
    }

    @Override
    public Submission submit(GenerationRequest request) {
        Wire.Submitted submitted = call("submit", false, () -> api.submit(request.model().value(), request.submittedInputs()));
        if (submitted == null || submitted.requestId() == null) {
            throw new ProviderUnavailableException("RunComfy accepted the submission but sent no request_id;"
                    + " the job may exist: check your RunComfy dashboard before submitting again");
        }
        return Submission.accepted(RequestId.of(submitted.requestId()));
    }

    @Override
    public ProviderStatus status(RequestId id) {
        Wire.Status status = call("status", true, () -> api.status(id.value()));
        OptionalInt position = status.queuePosition() == null ? OptionalInt.empty() : OptionalInt.of(status.queuePosition());
        // The state is read from the raw word (a known word carries no secret); only the word kept
        // for people is scrubbed, so a short secret can never turn "completed" into something unknown.
        return new ProviderStatus(state(status.status()), errors.scrub(status.status(), STATE_WORD_LENGTH), position);
    }

    @Override
    public ProviderResult result(RequestId id) {
        Wire.Result result = call("result", true, () -> api.result(id.value()));
        RemoteState state = state(result.status());
        List<URI> outputs = state == RemoteState.SUCCEEDED ? outputs(result.output(), errors) : List.of();
        return new ProviderResult(state, outputs, errorText(result.error()).map(errors::scrub), Optional.ofNullable(result.cost()));
    }

    /** RunComfy cancels queued requests; a running one answers "not cancellable". */
    @Override
    public Optional<Cancellation> cancellation() {
        return Optional.of(this::cancel);
    }

    private CancelOutcome cancel(RequestId id) {
        Wire.Cancelled cancelled = call("cancel", true, () -> api.cancel(id.value()));
        boolean done = "cancelled".equalsIgnoreCase(cancelled.outcome())
                || (cancelled.outcome() == null && "cancelled".equalsIgnoreCase(cancelled.status()));
        return done ? CancelOutcome.CANCELLED : CancelOutcome.NOT_CANCELLABLE;
    }

    @Override
    public InputStream openOutput(URI output) {
        return downloads.open(output);
    }

    /** Maps RunComfy's words for states; a word it has not documented means "not finished yet". */
    static RemoteState state(String word) {
        String w = word == null ? "" : word.trim().toLowerCase(Locale.ROOT);
        switch (w) {
            case "in_queue":
            case "queued":
            case "pending":
                return RemoteState.QUEUED;
            case "in_progress":
            case "running":
            case "processing":
                return RemoteState.RUNNING;
            case "completed":
            case "succeeded":
            case "success":
                return RemoteState.SUCCEEDED;
            case "failed":
            case "error":
                return RemoteState.FAILED;
            case "cancelled":
            case "canceled":
                return RemoteState.CANCELLED;
            default:
                if (UNKNOWN_STATES_LOGGED.size() < 64 && UNKNOWN_STATES_LOGGED.add(w)) {
                    LOG.warn("RunComfy reported the undocumented state \"{}\"; treating it as not finished", w);
                }
                return RemoteState.UNKNOWN;
        }
    }

    /** Outputs from {@code image}, {@code images}, {@code video} and {@code videos}, whichever are present. */
    static List<URI> outputs(JsonNode output, RunComfyErrors errors) {
        Set<String> urls = new LinkedHashSet<>();
        if (output != null && output.isObject()) {
            for (String field : List.of("image", "images", "video", "videos")) {
                JsonNode node = output.get(field);
                if (node == null) {
                    continue;
                }
                if (node.isTextual()) {
                    urls.add(node.asText());
                } else if (node.isArray()) {
                    node.forEach(n -> {
                        if (n.isTextual()) {
                            urls.add(n.asText());
                        }
                    });
                }
            }
        }
        List<URI> uris = new ArrayList<>();
        for (String url : urls) {
            try {
                uris.add(new URI(url));
            } catch (URISyntaxException e) {
                throw new ProviderException("RunComfy returned an output that is not a URL: " + errors.scrub(url));
            }
        }
        return uris;
    }

    static Optional<String> errorText(JsonNode error) {
        if (error == null || error.isNull()) {
            return Optional.empty();
        }
        if (error.isTextual()) {
            return Optional.of(error.asText());
        }
        for (String field : List.of("message", "error_message", "detail", "reason")) {
            if (error.hasNonNull(field)) {
                JsonNode node = error.get(field);
                return Optional.of(node.isTextual() ? node.asText() : node.toString());
            }
        }
        return Optional.of(error.toString());
    }

    private <T> T call(String name, boolean repeatable, Supplier<T> call) {
        Instant start = Instant.now();
        for (int attempt = 1; ; attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            EaselException failure;
            boolean retry;
            try {
                return call.get();
            } catch (DecodeException | CallFailure e) {
                CallFailure f = e instanceof CallFailure direct ? direct : unwrap((DecodeException) e, name);
                retryAfter = f.retryAfter();
                failure = errors.toCoreError(f, name);
                retry = f.isRateLimit() || (repeatable && f.isServerFault());
                if (!repeatable && f.isServerFault()) {
                    throw new SubmissionOutcomeUnknownException("RunComfy answered the submit with a server error ("
                            + f.getMessage() + "), so Easel cannot tell whether it created the job. It was not sent"
                            + " again; check your RunComfy dashboard before retrying");
                }
            } catch (RetryableException e) {
                boolean neverConnected = e.getCause() instanceof ConnectException;
                if (!repeatable && !neverConnected) {
                    throw new SubmissionOutcomeUnknownException("the connection to RunComfy broke during the submit ("
                            + errors.scrub(String.valueOf(e.getMessage())) + "), so Easel cannot tell whether RunComfy"
                            + " created the job. It was not sent again; check your RunComfy dashboard before retrying", e);
                }
                failure = new ProviderUnavailableException("could not reach RunComfy for the " + name + " call: "
                        + errors.scrub(String.valueOf(e.getMessage())), e);
                retry = true;
            } catch (FeignException e) {
                throw new ProviderException("the " + name + " call to RunComfy failed: " + errors.scrub(String.valueOf(e.getMessage())));
            }
            Duration wait = retries.backoff(attempt, retryAfter);
            boolean inBudget = retries.allows(attempt, Duration.between(start, Instant.now()), wait);
            if (!retry || !inBudget) {
                throw failure;
            }
            LOG.debug("retrying the {} call in {} ms after: {}", name, wait.toMillis(), failure.getMessage());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }

    private CallFailure unwrap(DecodeException e, String name) {
        if (e.getCause() instanceof CallFailure f) {
            return f;
        }
        throw new ProviderException("RunComfy answered the " + name + " call with a body Easel cannot read: "
                + errors.scrub(String.valueOf(e.getMessage())));
    }

    /** Settings for the provider; only the token is required. */
    public static final class Builder {
        private ApiToken token;
        private URI baseUrl = DEFAULT_BASE_URL;
        private String downloadHosts = DEFAULT_DOWNLOAD_HOSTS;
        private RetryPolicy retries = RetryPolicy.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private boolean allowPlainHttp;

        private Builder() {
        }

        public Builder token(String value) {
            this.token = ApiToken.of(value);
            return this;
        }

        public Builder baseUrl(String value) {
            this.baseUrl = ApiBase.parse("RUNCOMFY_BASE_URL", value, DEFAULT_BASE_URL);
            return this;
        }

        /**
         * Whether plain HTTP may be used for the API base and downloads off this machine: only for a
         * test server ({@code EASEL_ALLOW_HTTP=true}); otherwise the token and outputs travel over HTTPS.
         */
        public Builder allowPlainHttp(boolean value) {
            this.allowPlainHttp = value;
            return this;
        }

        /** Comma-separated host names or {@code *.domain} patterns, besides the API's own host. */
        public Builder downloadHosts(String value) {
            this.downloadHosts = value;
            return this;
        }

        public Builder retries(RetryPolicy value) {
            this.retries = Objects.requireNonNull(value, "retries");
            return this;
        }

        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect");
            this.readTimeout = Objects.requireNonNull(read, "read");
            return this;
        }

        public RunComfyProvider build() {
            if (token == null) {
                throw new ConfigurationException("no RunComfy API token: set RUNCOMFY_API_TOKEN");
            }
            ApiBase.requireEncrypted("RUNCOMFY_BASE_URL", baseUrl, allowPlainHttp, "API token");
            HostPolicy.of(downloadHosts, baseUrl, allowPlainHttp);
            return new RunComfyProvider(this);
        }
    }
}
