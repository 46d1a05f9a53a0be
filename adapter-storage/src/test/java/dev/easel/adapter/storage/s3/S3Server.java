package dev.easel.adapter.storage.s3;

import dev.easel.core.port.out.Settings;
import java.util.Map;
import java.util.UUID;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/** A real S3 server for a test (s3proxy on loopback) and a fresh bucket in it. */
final class S3Server {

    static final String ACCESS_KEY = "easel-access";
    static final String SECRET_KEY = "easel-secret";

    private S3Server() {
    }

    static S3ProxyExtension extension() {
        return S3ProxyExtension.builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();
    }

    static Settings settings(S3ProxyExtension server, String bucket, String prefix) {
        return Settings.of(Map.of(S3Location.BUCKET, bucket, S3Location.PREFIX, prefix,
                S3Location.ENDPOINT, server.getUri().toString(), S3Location.REGION, "us-east-1",
                S3Location.ACCESS_KEY_ID, ACCESS_KEY, S3Location.SECRET_ACCESS_KEY, SECRET_KEY));
    }

    /** Creates a new bucket and returns a client for it. */
    static String newBucket(S3ProxyExtension server) {
        String bucket = "easel-" + UUID.randomUUID().toString().substring(0, 8);
        S3Location location = S3Location.of(settings(server, bucket, ""));
        try (S3Client s3 = S3Clients.create(location)) {
            s3.createBucket(CreateBucketRequest.builder().bucket(bucket).build());
        }
        return bucket;
    }
}
