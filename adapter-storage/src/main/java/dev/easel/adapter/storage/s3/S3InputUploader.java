package dev.easel.adapter.storage.s3;

import dev.easel.core.model.MediaType;
import dev.easel.core.port.out.InputUploader;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/**
 * Local input files in the bucket, under the store's prefix and {@code inputs/}, lent to the provider
 * with a pre-signed GET URL that expires after the lifetime asked for. The bucket stays private.
 */
final class S3InputUploader implements InputUploader {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Location location;

    S3InputUploader(S3Client s3, S3Presigner presigner, S3Location location) {
        this.s3 = s3;
        this.presigner = presigner;
        this.location = location;
    }

    @Override
    public Uploaded upload(String key, byte[] bytes, MediaType mediaType, Duration lifetime) {
        String full = location.key(key);
        s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(full).contentType(mediaType.mime()).build(),
                RequestBody.fromBytes(bytes));
        URI link = URI.create(presigner.presignGetObject(GetObjectPresignRequest.builder()
                .signatureDuration(lifetime)
                .getObjectRequest(get -> get.bucket(location.bucket()).key(full))
                .build()).url().toString());
        return new Uploaded(link, "s3://" + location.bucket() + "/" + full);
    }
}
