package dev.easel.adapter.storage.s3;

import dev.easel.adapter.storage.JobJson;
import dev.easel.adapter.storage.Layout;
import dev.easel.core.error.StorageException;
import dev.easel.core.model.Job;
import dev.easel.core.port.out.JobRecords;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Each stored job's record beside its images in the bucket: {@code <prefix>/YYYY-MM-DD/<job-id>.json}, one PUT. */
public final class S3JobRecords implements JobRecords {

    private final S3Client s3;
    private final S3Location location;
    private final ZoneId zone;

    public S3JobRecords(S3Client s3, S3Location location, ZoneId zone) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.location = Objects.requireNonNull(location, "location");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    @Override
    public void put(Job job) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(location.key(Layout.recordKey(job, zone)))
                    .contentType("application/json").build(), RequestBody.fromBytes(JobJson.of(job).writeIndented()));
        } catch (IOException | SdkException e) {
            throw new StorageException("could not write the record of job " + job.id() + " to " + location.where() + ": "
                    + e.getMessage(), e);
        }
    }
}
