package dev.easel.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.StorageException;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.MediaType;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.NewImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ImageStore} must do. Each adapter's test extends this and supplies a fresh store. */
public abstract class ImageStoreContract {

    protected static final LocalDate DAY = LocalDate.parse("2026-11-21");
    private static final GenerationRequest REQUEST = GenerationRequest.validated(
            TestCatalog.seedreamDescription().inputs(), Map.of("prompt", "a red fox in snow"));

    protected ImageStore store;

    /** A new, empty store. */
    protected abstract ImageStore newStore() throws Exception;

    /** What a store shows of images that were refused half-way, for checking that nothing was left behind. */
    protected abstract List<String> visibleEntries() throws Exception;

    @BeforeEach
    void freshStore() throws Exception {
        store = newStore();
    }

    @Test
    void keepsThePngWithFactsTakenFromItsBytes() throws Exception {
        byte[] png = TestImages.png(64, 48);
        StoredImage stored = store.put(target("20261121-101500-aaaaaa", 1), new ByteArrayInputStream(png));

        assertThat(stored.key()).isEqualTo("2026-11-21/20261121-101500-aaaaaa-1.png");
        assertThat(stored.mediaType()).isEqualTo(MediaType.PNG);
        assertThat(stored.width()).isEqualTo(64);
        assertThat(stored.height()).isEqualTo(48);
        assertThat(stored.bytes()).isEqualTo(png.length);
        assertThat(stored.sha256()).isEqualTo(sha256(png));
        try (InputStream in = store.open(stored.key())) {
            assertThat(in.readAllBytes()).isEqualTo(png);
        }
        assertThat(store.location(stored.key())).contains("20261121-101500-aaaaaa-1.png");
    }

    @Test
    void namesAJpegByWhatItIsNotByWhatWasAsked() {
        StoredImage stored = store.put(target("20261121-101500-bbbbbb", 2),
                new ByteArrayInputStream(TestImages.jpegHeader(300, 200)));

        assertThat(stored.key()).isEqualTo("2026-11-21/20261121-101500-bbbbbb-2.jpeg");
        assertThat(stored.mediaType()).isEqualTo(MediaType.JPEG);
        assertThat(stored.width()).isEqualTo(300);
        assertThat(stored.height()).isEqualTo(200);
    }

    @Test
    void refusesBytesThatAreNoImageAndKeepsNothing() throws Exception {
        assertThatThrownBy(() -> store.put(target("20261121-101500-cccccc", 1),
                new ByteArrayInputStream("<html>expired</html>".getBytes())))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("not a PNG or JPEG");
        assertThat(visibleEntries()).isEmpty();
    }

    @Test
    void refusesAnImageOverTheCapAndKeepsNothing() throws Exception {
        byte[] png = TestImages.png(64, 64);
        NewImage small = new NewImage(JobId.of("20261121-101500-dddddd"), 1, DAY, REQUEST, png.length - 1);

        assertThatThrownBy(() -> store.put(small, new ByteArrayInputStream(png)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("larger than the limit");
        assertThat(visibleEntries()).isEmpty();
    }

    @Test
    void aDownloadThatBreaksHalfWayLeavesNothing() throws Exception {
        byte[] png = TestImages.png(64, 64);
        InputStream breaking = new InputStream() {
            private int at;

            @Override
            public int read() throws IOException {
                if (at == png.length / 2) {
                    throw new IOException("connection reset");
                }
                return png[at++] & 0xff;
            }
        };

        assertThatThrownBy(() -> store.put(target("20261121-101500-eeeeee", 1), breaking))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("connection reset");
        assertThat(visibleEntries()).isEmpty();
    }

    @Test
    void storingTheSameOutputAgainReplacesIt() throws Exception {
        NewImage target = target("20261121-101500-ffffff", 1);
        store.put(target, new ByteArrayInputStream(TestImages.png(10, 10)));
        StoredImage second = store.put(target, new ByteArrayInputStream(TestImages.png(20, 10)));

        assertThat(second.width()).isEqualTo(20);
        try (InputStream in = store.open(second.key())) {
            assertThat(in.readAllBytes()).isEqualTo(TestImages.png(20, 10));
        }
    }

    @Test
    void concurrentWritersEachKeepTheirOwnImage() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<StoredImage>> writes = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            int width = 8 + i;
            String job = String.format("20261121-1016%02d-hhhhhh", i);
            writes.add(pool.submit(() -> store.put(target(job, 1), new ByteArrayInputStream(TestImages.png(width, 8)))));
        }
        List<StoredImage> stored = new ArrayList<>();
        for (java.util.concurrent.Future<StoredImage> write : writes) {
            stored.add(write.get());
        }
        pool.shutdown();

        assertThat(stored).extracting(StoredImage::key).doesNotHaveDuplicates().hasSize(16);
        for (StoredImage image : stored) {
            try (InputStream in = store.open(image.key())) {
                assertThat(in.readAllBytes()).isEqualTo(TestImages.png(image.width(), 8));
            }
        }
    }

    @Test
    void openingAnUnknownKeyIsAStorageError() {
        assertThatThrownBy(() -> store.open("2026-11-21/nothing-1.png")).isInstanceOf(StorageException.class);
    }

    protected static NewImage target(String jobId, int index) {
        return target(jobId, index, 10_000_000);
    }

    protected static NewImage target(String jobId, int index, long maxBytes) {
        return new NewImage(JobId.of(jobId), index, DAY, REQUEST, maxBytes);
    }

    protected static Job storedJob(JobId id, StoredImage image) {
        Instant at = Instant.parse("2026-11-21T10:15:00Z");
        return Job.pending(id, REQUEST, at)
                .moveTo(dev.easel.core.model.JobState.SUBMITTING, at, "")
                .submitted(RequestId.of("r-" + id.value()), at)
                .succeeded(List.of(URI.create("https://cdn.runcomfy.net/" + id + ".png")), null, at)
                .stored(List.of(image), at);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
