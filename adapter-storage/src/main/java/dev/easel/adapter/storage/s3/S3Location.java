package dev.easel.adapter.storage.s3;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.port.out.Settings;
import java.net.URI;
import java.util.Optional;

/**
 * Where Easel keeps things in S3: the bucket, an optional key prefix, and for servers other than AWS
 * (MinIO, R2, B2, s3proxy) an endpoint, reached with path-style addressing. Credentials come from
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} when both are set, otherwise from the
 * standard AWS chain (profiles, SSO, instance roles).
 */
public record S3Location(String bucket, String prefix, Optional<URI> endpoint, String region,
                         Optional<String> accessKeyId, Optional<String> secretAccessKey) {

    public static final String BUCKET = "s3.bucket";
    public static final String PREFIX = "s3.prefix";
    public static final String ENDPOINT = "s3.endpoint";
    public static final String REGION = "s3.region";
    public static final String ACCESS_KEY_ID = "s3.access-key-id";
    public static final String SECRET_ACCESS_KEY = "s3.secret-access-key";

    public S3Location {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new ConfigurationException("EASEL_S3_BUCKET \"" + bucket + "\" is not a bucket name:"
                    + " 3 to 63 lower-case letters, digits, '.' or '-'");
        }
        prefix = prefix == null || prefix.isBlank() ? "" : prefix.replaceAll("^/+|/+$", "") + "/";
    }

    public static S3Location of(Settings settings) {
        String bucket = settings.require(BUCKET, "storage s3 needs a bucket: set EASEL_S3_BUCKET (and EASEL_S3_ENDPOINT"
                + " for servers other than AWS, EASEL_S3_REGION, and AWS credentials)");
        Optional<URI> endpoint = settings.get(ENDPOINT).map(text -> {
            URI uri = URI.create(text.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new ConfigurationException("EASEL_S3_ENDPOINT \"" + text + "\" is not a URL such as http://127.0.0.1:9000");
            }
            return uri;
        });
        return new S3Location(bucket, settings.get(PREFIX, ""), endpoint, settings.get(REGION, "us-east-1"),
                settings.get(ACCESS_KEY_ID), settings.get(SECRET_ACCESS_KEY));
    }

    String key(String relative) {
        return prefix + relative;
    }

    String relative(String key) {
        return key.startsWith(prefix) ? key.substring(prefix.length()) : key;
    }

    String where() {
        return "s3://" + bucket + "/" + prefix + endpoint.map(e -> " at " + e).orElse("");
    }
}
