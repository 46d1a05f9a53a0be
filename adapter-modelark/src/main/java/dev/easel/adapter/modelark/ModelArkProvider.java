package dev.easel.adapter.modelark;

import dev.easel.adapter.support.ApiBase;
import dev.easel.adapter.support.Downloads;
import dev.easel.adapter.support.HostPolicy;
import dev.easel.adapter.support.RetryPolicy;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.OutputExpiredException;
import dev.easel.core.error.ProviderException;
import dev.easel.core.error.RequestNotFoundException;
import dev.easel.core.error.SecretScrubber;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.Submission;
import dev.easel.core.port.out.GenerationProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * BytePlus ModelArk's images API as a {@link GenerationProvider}: synchronous, so every submit
 * answers {@link Submission.Finished}. Outputs are ModelArk's URLs (kept 24 hours, downloaded from
 * allowed hosts without the key) or, with {@code b64_json}, images decoded from the answer as a
 * stream into owner-only spool files named by {@code file:} URIs, deleted on {@link #release}.
 * ModelArk cannot cancel. A prompt or image refused as sensitive content fails the job with
 * ModelArk's reason; an image that failed while others did not is named in the result's error text.
 */
public final class ModelArkProvider implements GenerationProvider {

    public static final URI DEFAULT_BASE_URL = URI.create("https://ark.ap-southeast.bytepluses.com/api/v3");
    /**
     * MODELARK_API.md does not name the host of the image URLs; BytePlus serves them from its object
     * storage under these domains. EASEL_DOWNLOAD_HOSTS adds others.
     */
    public static final String DEFAULT_DOWNLOAD_HOSTS = "*.bytepluses.com,*.byteplus.com,*.volces.com";
    private static final Downloads.Wording IMAGES = new Downloads.Wording("image", "ModelArk keeps images 24 hours", true);

    private final ModelArkClient client;
    private final Downloads downloads;
    private final Path spoolDirectory;

    private ModelArkProvider(Builder builder) {
        ApiKey key = builder.key;
        SecretScrubber scrubber = SecretScrubber.of(key.reveal());
        Spool spool = new Spool(builder.spoolDirectory, builder.maxInlineBytes);
        this.spoolDirectory = builder.spoolDirectory.toAbsolutePath().normalize();
        this.client = new ModelArkClient(new ModelArkClient.Settings(key, builder.baseUrl, builder.responseFormat,
                builder.catalog, spool, builder.retries, builder.connectTimeout, builder.readTimeout, scrubber));
        this.downloads = new Downloads(HostPolicy.of(builder.downloadHosts, builder.baseUrl, builder.allowPlainHttp),
                builder.retries, builder.connectTimeout, builder.downloadReadTimeout, scrubber, IMAGES);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "modelark";
    }

    @Override
    public Submission submit(GenerationRequest request) {
        RequestId id = RequestId.of("ark-" + UUID.randomUUID());
        Answer answer;
        try {
            answer = client.generate(request);
        } catch (ArkFailure refused) {
            return Submission.finished(id, ProviderResult.failed("ModelArk refused it as sensitive content ("
                    + refused.describe() + ")" + (refused.detail().isEmpty() ? "" : ": " + refused.detail())));
        }
        return Submission.finished(id, result(answer));
    }

    /** Every image that came, in ModelArk's order; the failed ones named in the error text. */
    static ProviderResult result(Answer answer) {
        List<URI> outputs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Answer.Entry entry : answer.entries()) {
            if (entry instanceof Answer.Linked linked) {
                outputs.add(linked.url());
            } else if (entry instanceof Answer.Inline inline) {
                outputs.add(inline.file().toUri());
            } else if (entry instanceof Answer.Failed failed) {
                failures.add(failed.describe());
            }
        }
        Optional<String> error = failures.isEmpty() ? Optional.empty()
                : Optional.of("ModelArk: " + String.join("; ", failures));
        if (outputs.isEmpty()) {
            return ProviderResult.failed(error.orElse("ModelArk answered without any image"));
        }
        return new ProviderResult(RemoteState.SUCCEEDED, outputs, error, Optional.empty());
    }

    /** ModelArk answers within the submit: there is nothing to follow. */
    @Override
    public ProviderStatus status(RequestId id) {
        throw notFollowed(id);
    }

    @Override
    public ProviderResult result(RequestId id) {
        throw notFollowed(id);
    }

    @Override
    public Optional<Cancellation> cancellation() {
        return Optional.empty();
    }

    @Override
    public InputStream openOutput(URI output) {
        if ("file".equalsIgnoreCase(output.getScheme())) {
            Path file = spooled(output);
            try {
                return Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                throw new OutputExpiredException("the inline image " + file.getFileName() + " is no longer spooled"
                        + " (it was stored and released, or its spool folder was cleaned)", e);
            } catch (IOException e) {
                throw new ProviderException("cannot read the spooled image " + file.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return downloads.open(output);
    }

    @Override
    public void release(List<URI> outputs) {
        outputs.stream().filter(o -> "file".equalsIgnoreCase(o.getScheme())).forEach(o -> {
            Path file = Path.of(o).toAbsolutePath().normalize();
            if (file.startsWith(spoolDirectory)) {
                Spool.deleteQuietly(file);
            }
        });
    }

    /** A spool file of this provider: never a file elsewhere, whatever a record says. */
    private Path spooled(URI output) {
        Path file = Path.of(output).toAbsolutePath().normalize();
        if (!file.startsWith(spoolDirectory)) {
            throw new ProviderException("refusing to read " + output + ": it is not in ModelArk's spool folder "
                    + spoolDirectory);
        }
        return file;
    }

    private static RequestNotFoundException notFollowed(RequestId id) {
        return new RequestNotFoundException("ModelArk answers every request at once and keeps nothing to follow: "
                + id + " cannot be asked about");
    }

    /** Settings for the provider; only the key is required. */
    public static final class Builder {
        private ApiKey key;
        private URI baseUrl = DEFAULT_BASE_URL;
        private ResponseFormat responseFormat = ResponseFormat.URL;
        private String downloadHosts = DEFAULT_DOWNLOAD_HOSTS;
        private ModelArkCatalog catalog = ModelArkCatalog.standard();
        private Path spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"), "easel-modelark-spool");
        private long maxInlineBytes = 128L * 1024 * 1024;
        private RetryPolicy retries = RetryPolicy.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofMinutes(10);
        private Duration downloadReadTimeout = Duration.ofSeconds(60);
        private boolean allowPlainHttp;

        private Builder() {
        }

        public Builder key(String value) {
            this.key = ApiKey.of(value);
            return this;
        }

        public Builder baseUrl(String value) {
            this.baseUrl = ApiBase.parse("ARK_BASE_URL", value, DEFAULT_BASE_URL);
            return this;
        }

        /**
         * Whether plain HTTP may be used for the API base and downloads off this machine: only for a
         * test server ({@code EASEL_ALLOW_HTTP=true}); otherwise the key and images travel over HTTPS.
         */
        public Builder allowPlainHttp(boolean value) {
            this.allowPlainHttp = value;
            return this;
        }

        public Builder responseFormat(ResponseFormat value) {
            this.responseFormat = Objects.requireNonNull(value, "responseFormat");
            return this;
        }

        /** Comma-separated host names or {@code *.domain} patterns images may come from, besides the API's host. */
        public Builder downloadHosts(String value) {
            this.downloadHosts = value;
            return this;
        }

        /** Where inline images wait until they are stored; it should outlive the process (under EASEL_HOME). */
        public Builder spoolDirectory(Path value) {
            this.spoolDirectory = Objects.requireNonNull(value, "spoolDirectory");
            return this;
        }

        /** The largest inline image accepted, in bytes. */
        public Builder maxInlineBytes(long value) {
            this.maxInlineBytes = value;
            return this;
        }

        public Builder retries(RetryPolicy value) {
            this.retries = Objects.requireNonNull(value, "retries");
            return this;
        }

        /** The generation call's timeouts: the read one covers the whole generation (minutes for 15 images). */
        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect");
            this.readTimeout = Objects.requireNonNull(read, "read");
            return this;
        }

        public ModelArkProvider build() {
            if (key == null) {
                throw new ConfigurationException("no ModelArk API key: set ARK_API_KEY");
            }
            ApiBase.requireEncrypted("ARK_BASE_URL", baseUrl, allowPlainHttp, "API key");
            HostPolicy.of(downloadHosts, baseUrl, allowPlainHttp);
            return new ModelArkProvider(this);
        }
    }
}
