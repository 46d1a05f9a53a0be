package dev.easel.adapter.storage.s3;

import dev.easel.core.error.ConfigurationException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Makes the S3 client and checks, before any job is paid for, that the bucket exists and the
 * credentials are accepted. Checksums are computed only where S3 requires them, which keeps requests
 * compatible with servers other than AWS.
 */
final class S3Clients {

    private S3Clients() {
    }

    static S3Client create(S3Location location) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.of(location.region()))
                .credentialsProvider(credentials(location))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        location.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder.build();
    }

    /** Signs links with the same region, endpoint and credentials as {@link #create}. */
    static S3Presigner presigner(S3Location location) {
        var builder = S3Presigner.builder()
                .region(Region.of(location.region()))
                .credentialsProvider(credentials(location));
        location.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Location location) {
        if (location.accessKeyId().isPresent() && location.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(location.accessKeyId().get(), location.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** @throws ConfigurationException naming what is wrong: the bucket, the credentials or the endpoint */
    static void verify(S3Client s3, S3Location location) {
        try {
            s3.headBucket(HeadBucketRequest.builder().bucket(location.bucket()).build());
        } catch (NoSuchBucketException e) {
            throw new ConfigurationException("the S3 bucket \"" + location.bucket() + "\" does not exist"
                    + location.endpoint().map(u -> " at " + u).orElse("") + ": create it, or fix EASEL_S3_BUCKET");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ConfigurationException("the S3 bucket \"" + location.bucket() + "\" does not exist"
                        + location.endpoint().map(u -> " at " + u).orElse("") + ": create it, or fix EASEL_S3_BUCKET");
            }
            if (e.statusCode() == 401 || e.statusCode() == 403) {
                throw new ConfigurationException("S3 refused the credentials for bucket \"" + location.bucket()
                        + "\" (HTTP " + e.statusCode() + "): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                        + " (or your AWS profile) and the bucket's permissions");
            }
            throw new ConfigurationException("S3 answered HTTP " + e.statusCode() + " for bucket \"" + location.bucket()
                    + "\": " + e.awsErrorDetails().errorMessage());
        } catch (SdkClientException e) {
            throw new ConfigurationException("cannot use S3 for bucket \"" + location.bucket() + "\""
                    + location.endpoint().map(u -> " at " + u).orElse("") + ": " + firstLine(e.getMessage())
                    + ". Check EASEL_S3_ENDPOINT, EASEL_S3_REGION and the AWS credentials");
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreachable" : message.lines().findFirst().orElse(message);
    }
}
