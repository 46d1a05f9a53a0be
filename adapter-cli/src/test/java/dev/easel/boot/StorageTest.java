package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.adapter.cli.ExitCode;
import dev.easel.core.model.JobState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Storage through the launcher: S3 with a real S3 server, and a job generated but not stored. */
class StorageTest {

    @RegisterExtension
    static final S3ProxyExtension S3 = S3ProxyExtension.builder().withCredentials("team-access", "team-secret").build();

    @TempDir
    Path work;

    private EaselHarness harness;
    private S3Client s3;
    private String bucket;

    @BeforeEach
    void start() {
        harness = new EaselHarness(work, b -> { });
        s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.builder().build()).region(Region.US_EAST_1)
                .endpointOverride(S3.getUri()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("team-access", "team-secret")))
                .build();
        bucket = "easel-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
    }

    @AfterEach
    void stop() {
        harness.close();
        s3.close();
    }

    private void useS3(String secret) {
        harness.env().put("EASEL_STORAGE", "s3");
        harness.env().put("EASEL_S3_BUCKET", bucket);
        harness.env().put("EASEL_S3_ENDPOINT", S3.getUri().toString());
        harness.env().put("EASEL_S3_REGION", "us-east-1");
        harness.env().put("EASEL_S3_PREFIX", "studio");
        harness.env().put("AWS_ACCESS_KEY_ID", "team-access");
        harness.env().put("AWS_SECRET_ACCESS_KEY", secret);
    }

    private List<String> keys() {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void generatesIntoTheBucketAndNothingLocally() {
        useS3("team-secret");

        EaselHarness.Run run = harness.easel("generate", "stored in s3", "-q");

        assertThat(run.exit()).as(run.err()).isZero();
        String location = run.out().trim();
        assertThat(location).startsWith("s3://" + bucket + "/studio/").endsWith("-1.png");
        String key = location.substring(("s3://" + bucket + "/").length());
        assertThat(keys()).contains(key, key.replace("-1.png", ".json"))
                .as("the journal is the database's, not the bucket's").noneMatch(k -> k.startsWith("studio/journal/"));
        assertThat(harness.journal().jobs()).singleElement().satisfies(j -> assertThat(j.images()).hasSize(1));
        byte[] png = s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
        assertThat(new String(png, StandardCharsets.UTF_8)).contains("stored in s3");
        assertThat(work.resolve("out")).doesNotExist();
        assertThat(harness.easel("jobs").out()).contains("stored", "stored in s3");
    }

    @Test
    void aWrongSecretExitsThreeBeforeAnythingIsSubmitted() {
        useS3("wrong-secret");

        EaselHarness.Run run = harness.easel("generate", "never sent");

        assertThat(run.exit()).isEqualTo(ExitCode.CONFIGURATION);
        assertThat(run.err()).contains("S3 refused the credentials").doesNotContain("wrong-secret");
        assertThat(harness.emulator().calls("submit")).isZero();
    }

    @Test
    void aJobGeneratedButNotStoredIsStoredByResume() throws Exception {
        Files.writeString(work.resolve("out"), "a file where the output folder should be");

        EaselHarness.Run failed = harness.easel("generate", "keep me", "-q");

        assertThat(failed.exit()).isEqualTo(ExitCode.OTHER);
        assertThat(failed.err()).contains("finished but output 1 could not be stored", "resuming it stores it");
        assertThat(harness.journal().jobs()).singleElement().extracting(j -> j.state()).isEqualTo(JobState.SUCCEEDED);

        Files.delete(work.resolve("out"));
        EaselHarness.Run resumed = harness.easel("resume", "-q");

        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(work.resolve(resumed.out().trim())).exists();
        assertThat(harness.emulator().submissions()).hasSize(1);
    }
}
