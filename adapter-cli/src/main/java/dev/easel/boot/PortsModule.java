package dev.easel.boot;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.port.out.ProviderPlugin;
import dev.easel.core.port.out.Settings;
import dev.easel.core.port.out.StoragePlugin;

/** The driven ports, made by the plugins the composition root chose. Each is made on first use. */
final class PortsModule extends AbstractModule {

    private final ProviderPlugin provider;
    private final StoragePlugin storage;
    private final Settings settings;

    PortsModule(ProviderPlugin provider, StoragePlugin storage, Settings settings) {
        this.provider = provider;
        this.storage = storage;
        this.settings = settings;
    }

    @Provides
    @Singleton
    GenerationProvider generationProvider() {
        return provider.provider(settings);
    }

    @Provides
    @Singleton
    ModelCatalog modelCatalog() {
        return provider.catalog(settings);
    }

    @Provides
    @Singleton
    ImageStore imageStore() {
        return storage.imageStore(settings);
    }

    @Provides
    @Singleton
    JobJournal jobJournal() {
        return storage.journal(settings);
    }
}
