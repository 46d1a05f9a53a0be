package dev.easel.core.port.out;

import java.util.Optional;

/**
 * A storage module's entry point, found with {@link java.util.ServiceLoader} and chosen by the
 * {@code storage} setting: it makes the image store, the job records beside the images, and the job journal.
 */
public interface StoragePlugin {

    /** The value of the {@code storage} setting that selects this plugin, such as {@code file}. */
    String name();

    ImageStore imageStore(Settings settings);

    /** Where the record of each stored job is written beside its images. */
    JobRecords records(Settings settings);

    JobJournal journal(Settings settings);

    /** Where local input files go to be fetched by a provider (S3: pre-signed links); none by default. */
    default Optional<InputUploader> inputUploader(Settings settings) {
        return Optional.empty();
    }
}
