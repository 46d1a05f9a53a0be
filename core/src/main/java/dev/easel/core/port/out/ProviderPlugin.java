package dev.easel.core.port.out;

/**
 * A provider module's entry point, found with {@link java.util.ServiceLoader} and chosen by the
 * {@code provider} setting. Creating the provider checks its configuration (a missing token is a
 * {@link dev.easel.core.error.ConfigurationException}), so problems show before anything is paid.
 */
public interface ProviderPlugin {

    /** The value of the {@code provider} setting that selects this plugin, such as {@code runcomfy}. */
    String name();

    GenerationProvider provider(Settings settings);

    ModelCatalog catalog(Settings settings);
}
