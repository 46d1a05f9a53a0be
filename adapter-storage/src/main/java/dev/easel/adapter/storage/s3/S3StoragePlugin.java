package dev.easel.adapter.storage.s3;

import dev.easel.adapter.storage.sql.SqlJournals;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.InputUploader;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.JobRecords;
import dev.easel.core.port.out.Settings;
import dev.easel.core.port.out.StoragePlugin;
import java.time.ZoneId;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Selected by {@code storage=s3} (EASEL_STORAGE). Reads {@code s3.bucket}, {@code s3.endpoint},
 * {@code s3.region}, {@code s3.prefix} and the credentials (see {@link S3Location}), and checks the
 * bucket and credentials when it makes the store, before any job is submitted.
 */
public final class S3StoragePlugin implements StoragePlugin {

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public ImageStore imageStore(Settings settings) {
        S3Location location = S3Location.of(settings);
        S3Client s3 = S3Clients.create(location);
        S3Clients.verify(s3, location);
        return new S3ImageStore(s3, location);
    }

    /** The records go to the same bucket; the bucket and credentials are checked when the image store is made. */
    @Override
    public JobRecords records(Settings settings) {
        S3Location location = S3Location.of(settings);
        return new S3JobRecords(S3Clients.create(location), location, ZoneId.systemDefault());
    }

    /** The journal is the database's, whatever holds the images (see {@link SqlJournals}). */
    @Override
    public Optional<InputUploader> inputUploader(Settings settings) {
        S3Location location = S3Location.of(settings);
        return Optional.of(new S3InputUploader(S3Clients.create(location), S3Clients.presigner(location), location));
    }

    @Override
    public JobJournal journal(Settings settings) {
        return SqlJournals.open(settings);
    }
}
