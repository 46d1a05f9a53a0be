package dev.easel.boot;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.InputUploader;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.JobRecords;
import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.port.out.ProviderPlugin;
import dev.easel.core.port.out.Settings;
import dev.easel.core.port.out.StoragePlugin;
import dev.easel.core.service.CallBudget;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** The driven ports, made by the plugins the composition root chose. Each is made on first use. */
final class PortsModule extends AbstractModule {

    static final String CALLS_PER_SECOND = "provider.calls-per-second";
    static final String DEFAULT_CALLS_PER_SECOND = "200";

    private final ProviderPlugin provider;
    private final StoragePlugin storage;
    private final Settings settings;
    private final Consumer<AutoCloseable> closeAtEnd;
    /** A journal opened already with exactly these settings, if there is one (see {@link EarlyStart#journal}). */
    private final Function<Settings, Optional<JobJournal>> openedEarly;
    /** A provider made already with exactly these settings, if there is one (see {@link EarlyStart#provider}). */
    private final Function<Settings, Optional<GenerationProvider>> providerMadeEarly;

    PortsModule(ProviderPlugin provider, StoragePlugin storage, Settings settings, Consumer<AutoCloseable> closeAtEnd,
                Function<Settings, Optional<JobJournal>> openedEarly,
                Function<Settings, Optional<GenerationProvider>> providerMadeEarly) {
        this.provider = provider;
        this.storage = storage;
        this.settings = settings;
        this.closeAtEnd = closeAtEnd;
        this.openedEarly = openedEarly;
        this.providerMadeEarly = providerMadeEarly;
    }

    /** The provider's plugin: its name is known without making the provider (which may need a token). */
    @Provides
    ProviderPlugin providerPlugin() {
        return provider;
    }

    @Provides
    @Singleton
    GenerationProvider generationProvider() {
        return providerMadeEarly.apply(settings).orElseGet(() -> provider.provider(settings));
    }

    @Provides
    @Singleton
    ModelCatalog modelCatalog() {
        return provider.catalog(settings);
    }

    /**
     * How fast the scheduler may call the provider: {@code provider.calls-per-second}
     * ({@code EASEL_PROVIDER_CALLS_PER_SECOND}), in bursts of up to a fifth of a second's worth.
     */
    @Provides
    @Singleton
    CallBudget callBudget() {
        String value = settings.get(CALLS_PER_SECOND, DEFAULT_CALLS_PER_SECOND);
        double perSecond;
        try {
            perSecond = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            perSecond = -1;
        }
        if (!(perSecond >= 1 && perSecond <= 10_000)) {
            throw new ConfigurationException("EASEL_PROVIDER_CALLS_PER_SECOND \"" + value
                    + "\" is not allowed: use a number of calls a second from 1 to 10000");
        }
        return new CallBudget(perSecond, Math.max(1, (int) (perSecond / 5)));
    }

    @Provides
    @Singleton
    ImageStore imageStore() {
        return storage.imageStore(settings);
    }

    @Provides
    @Singleton
    Optional<InputUploader> inputUploader() {
        return storage.inputUploader(settings);
    }

    @Provides
    @Singleton
    JobRecords jobRecords() {
        return storage.records(settings);
    }

    @Provides
    @Singleton
    JobJournal jobJournal() {
        JobJournal journal = openedEarly.apply(settings).orElseGet(() -> storage.journal(settings));
        if (journal instanceof AutoCloseable closeable) {
            closeAtEnd.accept(closeable);
        }
        return journal;
    }
}
