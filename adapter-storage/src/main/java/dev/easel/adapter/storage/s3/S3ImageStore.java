package dev.easel.adapter.storage.s3;

import dev.easel.adapter.storage.Layout;
import dev.easel.core.error.StorageException;
import dev.easel.core.image.ImageFacts;
import dev.easel.core.image.InspectingInputStream;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.NewImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Images in an S3 bucket (the job records beside them are {@link S3JobRecords}'s), with the file store's key layout under an optional
 * prefix. An output is first spooled to a temporary file while its facts are read from its bytes (so
 * its key has the right extension and no image is ever held in heap), then uploaded: in one PUT, or
 * as a multipart upload above {@link #multipartThreshold} bytes. Either way the object is visible only
 * once it is whole; a multipart upload that fails is aborted.
 */
public final class S3ImageStore implements ImageStore {

    static final long MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    static final long PART_SIZE = 8L * 1024 * 1024;

    private final S3Client s3;
    private final S3Location location;
    private final long multipartThreshold;
    private final long partSize;

    public S3ImageStore(S3Client s3, S3Location location) {
        this(s3, location, MULTIPART_THRESHOLD, PART_SIZE);
    }

    S3ImageStore(S3Client s3, S3Location location, long multipartThreshold, long partSize) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.location = Objects.requireNonNull(location, "location");
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    @Override
    public StoredImage put(NewImage image, InputStream content) {
        Path spool = null;
        try {
            spool = Files.createTempFile("easel-" + image.baseName() + "-", ".part");
            InspectingInputStream inspected = new InspectingInputStream(content, image.maxBytes());
            try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                inspected.transferTo(out);
            }
            ImageFacts facts = inspected.facts();
            String key = Layout.imageKey(image, facts.mediaType());
            upload(location.key(key), spool, facts);
            return new StoredImage(key, facts.bytes(), facts.sha256(), facts.mediaType(), facts.width(), facts.height());
        } catch (IOException e) {
            throw new StorageException("could not store output " + image.index() + " of job " + image.job() + ": "
                    + e.getMessage(), e);
        } catch (SdkException e) {
            throw new StorageException("could not upload output " + image.index() + " of job " + image.job() + " to "
                    + location.where() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(spool);
        }
    }

    private void upload(String key, Path file, ImageFacts facts) throws IOException {
        Map<String, String> metadata = Map.of("sha256", facts.sha256(), "width", String.valueOf(facts.width()),
                "height", String.valueOf(facts.height()));
        if (facts.bytes() <= multipartThreshold) {
            s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(key)
                    .contentType(facts.mediaType().mime()).metadata(metadata).build(), RequestBody.fromFile(file));
            return;
        }
        String uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(location.bucket()).key(key)
                .contentType(facts.mediaType().mime()).metadata(metadata).build()).uploadId();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            List<CompletedPart> parts = new ArrayList<>();
            long size = channel.size();
            for (int number = 1; (long) (number - 1) * partSize < size; number++) {
                long offset = (long) (number - 1) * partSize;
                long length = Math.min(partSize, size - offset);
                channel.position(offset);
                InputStream part = Channels.newInputStream(channel);
                String etag = s3.uploadPart(UploadPartRequest.builder().bucket(location.bucket()).key(key)
                        .uploadId(uploadId).partNumber(number).contentLength(length).build(),
                        RequestBody.fromInputStream(part, length)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(location.bucket()).key(key)
                    .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build());
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(location.bucket()).key(key)
                        .uploadId(uploadId).build());
            } catch (SdkException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String key) {
        Layout.requireImageKey(key);
        return openObject(key);
    }

    private InputStream openObject(String key) {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(location.key(key)).build());
        } catch (NoSuchKeyException e) {
            throw new StorageException("no stored image has the key \"" + key + "\" in " + location.where(), e);
        } catch (SdkException e) {
            throw new StorageException("could not read \"" + key + "\" from " + location.where() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String location(String key) {
        return "s3://" + location.bucket() + "/" + location.key(key);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover temporary file is harmless; the system's temp cleaning removes it.
            }
        }
    }
}
