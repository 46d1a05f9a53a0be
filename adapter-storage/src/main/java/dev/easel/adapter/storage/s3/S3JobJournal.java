package dev.easel.adapter.storage.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.storage.JobJson;
import dev.easel.core.error.StorageException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.out.JobJournal;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The journal in S3: one object per job, {@code journal/<job-id>.json} under the prefix, replaced by
 * each state change. S3 acknowledges a PUT only once the object is durable and shows it whole or not
 * at all, which is what {@link JobJournal#record} promises. Two servers sharing the bucket see each
 * other's jobs.
 */
public final class S3JobJournal implements JobJournal {

    private static final String FOLDER = "journal/";

    private final S3Client s3;
    private final S3Location location;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<JobId, Job> known = new ConcurrentHashMap<>();

    private final Runnable betweenReadAndWrite;

    public S3JobJournal(S3Client s3, S3Location location) {
        this(s3, location, () -> { });
    }

    /** For tests: {@code betweenReadAndWrite} runs where another process could write in a race. */
    S3JobJournal(S3Client s3, S3Location location, Runnable betweenReadAndWrite) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.location = Objects.requireNonNull(location, "location");
        this.betweenReadAndWrite = Objects.requireNonNull(betweenReadAndWrite, "betweenReadAndWrite");
    }

    @Override
    public void record(Job job) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(key(job.id()))
                    .contentType("application/json").build(), RequestBody.fromBytes(json.writeValueAsBytes(JobJson.of(job))));
        } catch (IOException | SdkException e) {
            throw new StorageException("could not journal job " + job.id() + " in " + location.where() + ": "
                    + e.getMessage(), e);
        }
        known.put(job.id(), job);
    }

    /** A conditional PUT: only if the job's object still has the ETag of the record we compared. */
    @Override
    public boolean recordIfUnchanged(Job expected, Job next) {
        String key = key(expected.id());
        String etag;
        Job latest;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(GetObjectRequest.builder()
                .bucket(location.bucket()).key(key).build())) {
            etag = in.response().eTag();
            latest = json.readValue(in, JobJson.class).toJob();
        } catch (NoSuchKeyException e) {
            return false;
        } catch (IOException | SdkException e) {
            throw new StorageException("could not read " + key + " from " + location.where() + ": " + e.getMessage(), e);
        }
        known.put(latest.id(), latest);
        if (!latest.history().equals(expected.history())) {
            return false;
        }
        betweenReadAndWrite.run();
        try {
            s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(key).ifMatch(etag)
                    .contentType("application/json").build(), RequestBody.fromBytes(json.writeValueAsBytes(JobJson.of(next))));
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                // Either another process wrote first, or this write landed and its answer was lost
                // before the SDK retried it: only the record itself tells which.
                return read(key).filter(now -> now.history().equals(next.history())).isPresent();
            }
            throw new StorageException("could not journal job " + next.id() + " in " + location.where() + ": "
                    + e.getMessage(), e);
        } catch (IOException | SdkException e) {
            throw new StorageException("could not journal job " + next.id() + " in " + location.where() + ": "
                    + e.getMessage(), e);
        }
        known.put(next.id(), next);
        return true;
    }

    @Override
    public Optional<Job> find(JobId id) {
        Job cached = known.get(id);
        return cached != null ? Optional.of(cached) : read(key(id));
    }

    @Override
    public Optional<Job> findByRequestId(RequestId id) {
        return jobs().stream().filter(j -> j.requestId().filter(id::equals).isPresent()).findFirst();
    }

    /** Lists the bucket each time, so jobs that other processes journaled are seen. */
    @Override
    public List<Job> jobs() {
        try {
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(location.bucket())
                    .prefix(location.key(FOLDER)).build()).contents()) {
                read(object.key()).ifPresent(job -> known.put(job.id(), job));
            }
        } catch (SdkException e) {
            throw new StorageException("could not list the journal in " + location.where() + ": " + e.getMessage(), e);
        }
        return known.values().stream()
                .sorted(Comparator.comparing(Job::createdAt).thenComparing(j -> j.id().value()))
                .toList();
    }

    private Optional<Job> read(String key) {
        try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(key).build())) {
            Job job = json.readValue(in, JobJson.class).toJob();
            known.put(job.id(), job);
            return Optional.of(job);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException | SdkException e) {
            throw new StorageException("could not read " + key + " from " + location.where() + ": " + e.getMessage(), e);
        }
    }

    private String key(JobId id) {
        return location.key(FOLDER + id + ".json");
    }
}
