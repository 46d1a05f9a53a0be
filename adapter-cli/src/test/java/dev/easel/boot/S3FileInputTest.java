package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.testing.TestImages;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
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
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** With S3 storage, a local input image goes to the bucket and the emulator fetches it through a pre-signed URL. */
class S3FileInputTest {

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
        harness.env().put("EASEL_STORAGE", "s3");
        harness.env().put("EASEL_S3_BUCKET", bucket);
        harness.env().put("EASEL_S3_ENDPOINT", S3.getUri().toString());
        harness.env().put("EASEL_S3_REGION", "us-east-1");
        harness.env().put("AWS_ACCESS_KEY_ID", "team-access");
        harness.env().put("AWS_SECRET_ACCESS_KEY", "team-secret");
    }

    @AfterEach
    void stop() {
        harness.close();
        s3.close();
    }

    private List<String> keys() {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void aLocalImageIsUploadedUnderInputsAndFetchedByItsPresignedUrl() throws Exception {
        byte[] photo = TestImages.noisyPng(1200, 900);
        Path path = work.resolve("photo.png");
        Files.write(path, photo);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo));

        EaselHarness.Run run = harness.easel("generate", "--model", AnyModelTest.EDIT, "--image", path.toString(), "-q",
                "make the sky purple");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(keys()).contains("inputs/" + sha256 + ".png");
        assertThat(harness.emulator().fetchedInputs()).singleElement().asString()
                .startsWith(S3.getUri() + "/" + bucket + "/inputs/" + sha256 + ".png?")
                .contains("X-Amz-Signature=", "X-Amz-Expires=7200");
        String jobRecord = keys().stream().filter(k -> k.endsWith(".json") && !k.startsWith("inputs/")).findFirst().orElseThrow();
        String record = s3.getObjectAsBytes(b -> b.bucket(bucket).key(jobRecord)).asUtf8String();
        assertThat(record).contains(sha256, "s3://" + bucket + "/inputs/" + sha256 + ".png").doesNotContain("X-Amz-Signature");
    }

    @Test
    void an80MegabyteFileIsRefusedBeforeAnythingIsUploadedOrSent() throws Exception {
        Path big = work.resolve("huge.png");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.write(TestImages.png(64, 64));
            file.setLength(80_000_000L);
        }

        EaselHarness.Run run = harness.easel("generate", "--model", AnyModelTest.EDIT, "--image", big.toString(), "edit");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("huge.png", "80.0 MB", "50 MB");
        assertThat(keys()).noneMatch(k -> k.startsWith("inputs/"));
        assertThat(harness.emulator().calls("submit")).isZero();
    }
}
