package dev.easel.core;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.model.Job;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.ModelInputs;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.JobRecords;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.port.out.ProviderPlugin;
import dev.easel.core.port.out.Settings;
import dev.easel.core.service.DaemonThreads;
import dev.easel.core.service.GenerateImageService;
import dev.easel.core.service.JobDriver;
import dev.easel.core.service.RequestValidator;
import dev.easel.core.service.ModelService;
import dev.easel.core.service.PollingPolicy;
import dev.easel.core.service.Sleeper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The front door for programs that embed Easel without a DI container: give it a provider, a catalog,
 * a store and a journal, then generate.
 *
 * <pre>{@code
 * try (Easel easel = Easel.builder().provider(p).catalog(c).store(s).journal(j).build()) {
 *     Job job = easel.generate(SeedreamLiteTextToImage.prompt("a red fox in snow").build());
 * }
 * }</pre>
 */
public final class Easel implements AutoCloseable {

    private final GenerateImageService generation;
    private final ModelService models;
    private final ImageStore store;
    /** How many {@code generateAsync} jobs run at once; later ones wait their turn (bounded threads). */
    public static final int MAX_GENERATING_AT_ONCE = 16;

    private final ExecutorService executor;
    private final Duration timeout;

    private Easel(Builder builder) {
        JobDriver driver = new JobDriver(builder.provider, builder.store, builder.records, builder.journal, builder.clock, builder.sleeper,
                builder.polling, builder.maxImageBytes);
        this.generation = new GenerateImageService(new RequestValidator(builder.catalog), driver, builder.journal, builder.clock);
        this.models = new ModelService(builder.catalog);
        this.store = builder.store;
        this.timeout = builder.timeout;
        this.executor = Executors.newFixedThreadPool(MAX_GENERATING_AT_ONCE, DaemonThreads.named("easel-job"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Generates and waits; see {@link dev.easel.core.port.in.GenerateImageUseCase} for the outcomes. */
    public Job generate(ModelInputs inputs) {
        return generate(inputs, JobListener.NONE);
    }

    public Job generate(ModelInputs inputs, JobListener listener) {
        return generation.generate(GenerateCommand.of(inputs).withTimeout(timeout), listener);
    }

    /** Generates on a background thread; the future completes with the job as it ended, or with the error. */
    public CompletableFuture<Job> generateAsync(ModelInputs inputs, JobListener listener) {
        return CompletableFuture.supplyAsync(() -> generate(inputs, listener), executor);
    }

    /**
     * Generates {@code n} jobs of the same inputs side by side (at most {@link #MAX_GENERATING_AT_ONCE}
     * at once) and waits for them all, as frameworks that ask for n images do.
     *
     * @return each job as it ended, in the order they were started
     * @throws InvalidRequestException when {@code n} is below 1
     * @throws RuntimeException the first job's error, in that order, as it was raised (not wrapped)
     */
    public List<Job> generate(ModelInputs inputs, int n) {
        if (n < 1) {
            throw InvalidRequestException.of("n", n, "must be at least 1");
        }
        List<CompletableFuture<Job>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(generateAsync(inputs, JobListener.NONE));
        }
        List<Job> jobs = new ArrayList<>();
        for (CompletableFuture<Job> future : futures) {
            try {
                jobs.add(future.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
        return jobs;
    }

    public List<ModelDescription> models() {
        return models.models();
    }

    /** One model and its input schema. @throws dev.easel.core.error.UnknownModelException naming the known models */
    public ModelDescription describe(ModelId model) {
        return models.describe(model);
    }

    /** Where the store keeps a stored image: a file path for the file store, a URL for object stores. */
    public String location(StoredImage image) {
        return store.location(image.key());
    }

    /**
     * {@link #location} as a URI, for frameworks whose images carry one: a URL stays as it is, a file
     * path becomes a {@code file:} URI.
     */
    public URI locationUri(StoredImage image) {
        return asUri(location(image));
    }

    static URI asUri(String location) {
        try {
            URI uri = URI.create(location);
            // A one-letter scheme is a Windows drive (C:\...), not a URL.
            if (uri.isAbsolute() && uri.getScheme().length() > 1) {
                return uri;
            }
        } catch (IllegalArgumentException notAUri) {
            // a file path with characters a URI does not allow: handled below
        }
        return Path.of(location).toUri();
    }

    /** Stops the background threads; jobs still running stay journaled and can be resumed. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /**
     * Collects the ports; provider, catalog, store and journal are required. Without
     * {@link Builder#records}, no record file is written beside the images (the journal has it all).
     */
    public static final class Builder {
        private GenerationProvider provider;
        private ModelCatalog catalog;
        private ImageStore store;
        private JobRecords records = job -> { };
        private JobJournal journal;
        private Clock clock = Clock.systemDefaultZone();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private PollingPolicy polling = PollingPolicy.DEFAULT;
        private Duration timeout = GenerateCommand.DEFAULT_TIMEOUT;
        private long maxImageBytes = JobDriver.DEFAULT_MAX_IMAGE_BYTES;

        private Builder() {
        }

        public Builder provider(GenerationProvider value) {
            this.provider = value;
            return this;
        }

        /**
         * The provider and its catalog by name ({@code runcomfy}, {@code modelark}, or any
         * {@link ProviderPlugin} on the class path), configured with its settings, such as
         * {@code modelark.api-key}.
         *
         * @throws ConfigurationException naming the providers found when none has this name
         */
        public Builder provider(String name, Settings settings) {
            List<ProviderPlugin> found = ServiceLoader.load(ProviderPlugin.class).stream().map(ServiceLoader.Provider::get).toList();
            ProviderPlugin plugin = found.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ConfigurationException("provider \"" + name + "\" is not on the class path; found: "
                            + found.stream().map(ProviderPlugin::name).sorted().toList()));
            this.provider = plugin.provider(settings);
            this.catalog = plugin.catalog(settings);
            return this;
        }

        public Builder catalog(ModelCatalog value) {
            this.catalog = value;
            return this;
        }

        public Builder store(ImageStore value) {
            this.store = value;
            return this;
        }

        /** Where each stored job's record is written beside its images, such as {@code FileJobRecords.at(folder)}. */
        public Builder records(JobRecords value) {
            this.records = Objects.requireNonNull(value, "records");
            return this;
        }

        public Builder journal(JobJournal value) {
            this.journal = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder polling(PollingPolicy value) {
            this.polling = value;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Builder maxImageBytes(long value) {
            this.maxImageBytes = value;
            return this;
        }

        public Easel build() {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(journal, "journal");
            return new Easel(this);
        }
    }
}
