package dev.easel.adapter.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.StorageException;
import dev.easel.core.model.JobId;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.Settings;
import dev.easel.core.testing.ImageStoreContract;
import dev.easel.core.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ImageStoreTest extends ImageStoreContract {

    @RegisterExtension
    static final S3ProxyExtension SERVER = S3Server.extension();

    private S3Location location;
    private S3Client s3;

    @Override
    protected ImageStore newStore() {
        location = S3Location.of(S3Server.settings(SERVER, S3Server.newBucket(SERVER), "team/easel"));
        s3 = S3Clients.create(location);
        return new S3ImageStore(s3, location, 6L * 1024 * 1024, 5L * 1024 * 1024);
    }

    @Override
    protected List<String> visibleEntries() {
        return s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(location.bucket()).build())
                .contents().stream().map(S3Object::key).toList();
    }

    @Test
    void keysFollowTheFileLayoutUnderThePrefixWithFactsAsMetadata() {
        StoredImage stored = store.put(target("20261121-101500-aaaaaa", 1), new ByteArrayInputStream(TestImages.png(30, 20)));
        new S3JobRecords(s3, location, ZoneOffset.UTC).put(storedJob(JobId.of("20261121-101500-aaaaaa"), stored));

        assertThat(visibleEntries()).containsExactlyInAnyOrder(
                "team/easel/2026-11-21/20261121-101500-aaaaaa-1.png", "team/easel/2026-11-21/20261121-101500-aaaaaa.json");
        assertThat(store.location(stored.key())).isEqualTo("s3://" + location.bucket() + "/team/easel/" + stored.key());
        HeadObjectResponse head = s3.headObject(HeadObjectRequest.builder().bucket(location.bucket())
                .key("team/easel/" + stored.key()).build());
        assertThat(head.contentType()).isEqualTo("image/png");
        assertThat(head.metadata()).containsEntry("sha256", stored.sha256()).containsEntry("width", "30");
    }

    @Test
    void largeImagesGoUpInPartsAndComeBackWhole() throws Exception {
        byte[] large = TestImages.noisyPng(3000, 4000);

        StoredImage stored = store.put(target("20261121-101500-bbbbbb", 1, 50_000_000), new ByteArrayInputStream(large));

        assertThat(large.length).isGreaterThan(10 * 1024 * 1024);
        assertThat(stored.bytes()).isEqualTo(large.length);
        try (InputStream in = store.open(stored.key())) {
            assertThat(in.readAllBytes()).isEqualTo(large);
        }
        String etag = s3.headObject(HeadObjectRequest.builder().bucket(location.bucket())
                .key("team/easel/" + stored.key()).build()).eTag();
        assertThat(etag).as("a multipart ETag ends with the number of parts").endsWith("-3\"");
    }

    @Test
    void aMissingBucketIsAConfigurationErrorAtStart() {
        Settings missing = S3Server.settings(SERVER, "no-such-bucket", "");

        assertThatThrownBy(() -> new S3StoragePlugin().imageStore(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("bucket \"no-such-bucket\" does not exist");
    }

    @Test
    void refusedCredentialsAreAConfigurationErrorAtStart() {
        String bucket = S3Server.newBucket(SERVER);
        Settings wrong = S3Server.settings(SERVER, bucket, "").with(S3Location.SECRET_ACCESS_KEY, "not-the-secret");

        assertThatThrownBy(() -> new S3StoragePlugin().imageStore(wrong))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("S3 refused the credentials")
                .hasMessageNotContaining("not-the-secret");
    }

    @Test
    void anUnreachableEndpointIsAConfigurationErrorAtStart() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Settings unreachable = Settings.of(Map.of(S3Location.BUCKET, "some-bucket",
                S3Location.ENDPOINT, "http://127.0.0.1:" + closed, S3Location.ACCESS_KEY_ID, "a", S3Location.SECRET_ACCESS_KEY, "b"));

        assertThatThrownBy(() -> new S3StoragePlugin().imageStore(unreachable))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot use S3 for bucket \"some-bucket\"");
    }

    @Test
    void aBadBucketNameIsRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> S3Location.of(Settings.of(Map.of(S3Location.BUCKET, "Not_A_Bucket"))))
                .hasMessageContaining("EASEL_S3_BUCKET \"Not_A_Bucket\" is not a bucket name");
        assertThatThrownBy(() -> S3Location.of(Settings.of(Map.of())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("set EASEL_S3_BUCKET");
    }

    @Test
    void onlyImageKeysOfTheLayoutCanBeOpenedNeverARecord() throws Exception {
        StoredImage stored = store.put(target("20261121-101500-aaaaaa", 1), new ByteArrayInputStream(TestImages.png(30, 20)));
        new S3JobRecords(s3, location, ZoneOffset.UTC).put(storedJob(JobId.of("20261121-101500-aaaaaa"), stored));

        try (var in = store.open(stored.key())) {
            assertThat(in.readAllBytes()).hasSize((int) stored.bytes());
        }
        for (String key : List.of("2026-11-21/20261121-101500-aaaaaa.json", "../other/2026-11-21/20261121-101500-aaaaaa-1.png",
                "2026-11-21/anything.png")) {
            assertThatThrownBy(() -> store.open(key)).as(key)
                    .isInstanceOf(StorageException.class).hasMessageContaining("no stored image");
        }
    }
}
