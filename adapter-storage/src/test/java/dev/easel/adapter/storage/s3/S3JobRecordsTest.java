package dev.easel.adapter.storage.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.storage.JobJson;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.port.out.JobRecords;
import dev.easel.core.testing.JobRecordsContract;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The records contract against a real S3 API (s3proxy), under a key prefix as a team would set it. */
class S3JobRecordsTest extends JobRecordsContract {

    @RegisterExtension
    static final S3ProxyExtension SERVER = S3Server.extension();

    private S3Location location;
    private S3Client s3;

    @Override
    protected JobRecords newRecords() {
        location = S3Location.of(S3Server.settings(SERVER, S3Server.newBucket(SERVER), "team/easel"));
        s3 = S3Clients.create(location);
        return new S3JobRecords(s3, location, ZoneOffset.UTC);
    }

    @Override
    protected Optional<Job> recordBeside(String imageKey, JobId id) throws Exception {
        String key = location.key(imageKey.substring(0, imageKey.lastIndexOf('/') + 1) + id.value() + ".json");
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(GetObjectRequest.builder()
                    .bucket(location.bucket()).key(key).build());
            return Optional.of(new ObjectMapper().readValue(object.asByteArray(), JobJson.class).toJob());
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        }
    }

    @Override
    protected List<String> entries() {
        return s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(location.bucket()).build())
                .contents().stream().map(S3Object::key).toList();
    }
}
