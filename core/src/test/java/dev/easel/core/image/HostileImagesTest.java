package dev.easel.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.easel.core.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The PNG and JPEG readers against files made to hurt them: chunks that claim hundreds of megabytes,
 * endless comments, and seeded random mutations of real images. Whatever the bytes, a reader answers,
 * or says the file is not an image it can read; it never throws anything else, and never allocates
 * what the file merely claims.
 */
class HostileImagesTest {

    private static final long HUGE = 600L * 1024 * 1024;
    private static final long ALLOCATION_BOUND = 24L * 1024 * 1024;

    @Test
    void aPngClaimingA600MegabyteChunkIsReadWithoutAllocatingIt() throws IOException {
        byte[] start = pngStart();
        // 600 MB really follow (a stream that makes them on demand), in a chunk no reader needs.
        InputStream image = new VirtualStream(start, chunkHeader((int) HUGE, "zzZz"), HUGE, tail());

        long before = allocated();
        Optional<String> text = Provenance.read(image);
        long used = allocated() - before;

        assertThat(text).contains("{\"after\":\"the big chunk\"}");
        assertThat(used).as("bytes allocated").isLessThan(ALLOCATION_BOUND);
    }

    @Test
    void aParametersChunkOverAMebibyteIsRefusedNotRead() {
        InputStream image = new VirtualStream(pngStart(), concat(chunkHeader((int) HUGE, "tEXt"),
                "parameters\0".getBytes(StandardCharsets.ISO_8859_1)), HUGE - 11, tail());

        long before = allocated();
        Throwable thrown = catchThrowable(() -> Provenance.read(image));
        long used = allocated() - before;

        assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("larger than");
        assertThat(used).isLessThan(ALLOCATION_BOUND);
    }

    @Test
    void endlessJpegCommentsAreCapped() {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        jpeg.write(0xff);
        jpeg.write(0xd8);
        byte[] comment = new byte[65533];
        Arrays.fill(comment, (byte) 'x');
        for (int i = 0; i < 40; i++) {
            jpeg.write(0xff);
            jpeg.write(0xfe);
            jpeg.write(0xff);
            jpeg.write(0xff);
            jpeg.writeBytes(comment);
        }

        assertThatThrownBy(() -> Provenance.read(new ByteArrayInputStream(jpeg.toByteArray())))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than");
    }

    @Test
    void seededRandomMutationsOfRealImagesNeverBreakTheReaders() throws IOException {
        byte[] png = Provenance.embed(new ByteArrayInputStream(TestImages.png(40, 30)), "{\"prompt\":\"fox\"}").readAllBytes();
        byte[] jpeg = Provenance.embed(new ByteArrayInputStream(TestImages.jpegHeader(40, 30)), "{\"prompt\":\"fox\"}").readAllBytes();
        Random random = new Random(20261121);
        for (int round = 0; round < 3000; round++) {
            byte[] original = round % 3 == 0 ? png : round % 3 == 1 ? jpeg : randomBytes(random, random.nextInt(200));
            byte[] mutated = mutate(random, original);

            assertThat(ImageHeaders.read(mutated, mutated.length)).isNotNull();
            long before = allocated();
            Throwable thrown = catchThrowable(() -> Provenance.read(new ByteArrayInputStream(mutated)));
            assertThat(allocated() - before).as("round %d", round).isLessThan(ALLOCATION_BOUND);
            if (thrown != null) {
                assertThat(thrown).as("round %d", round).isExactlyInstanceOf(IOException.class);
                assertThat(thrown.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void bytesThatAreNoImageSaySo() {
        assertThatThrownBy(() -> Provenance.read(new ByteArrayInputStream("GIF89a....".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(IOException.class).hasMessageContaining("not a PNG or JPEG");
        assertThatThrownBy(() -> Provenance.read(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IOException.class).hasMessageContaining("not a PNG or JPEG");
    }

    private static byte[] mutate(Random random, byte[] original) {
        byte[] bytes = original.length == 0 ? new byte[1] : original.clone();
        int edits = 1 + random.nextInt(8);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] = (byte) 0xff;
                case 2 -> {
                    // A length field made huge or negative.
                    for (int j = at; j < Math.min(bytes.length, at + 4); j++) {
                        bytes[j] = (byte) (random.nextBoolean() ? 0x7f : 0xff);
                    }
                }
                default -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            if (bytes.length == 0) {
                return bytes;
            }
        }
        return bytes;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        if (length > 8 && random.nextBoolean()) {
            System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, bytes, 0, 8);
        }
        return bytes;
    }

    private static byte[] pngStart() {
        byte[] png = TestImages.png(4, 4);
        return Arrays.copyOf(png, 8 + 25);
    }

    private static byte[] chunkHeader(int length, String type) {
        return ByteBuffer.allocate(8).putInt(length).put(type.getBytes(StandardCharsets.ISO_8859_1)).array();
    }

    /** The CRC of the big chunk, a parameters chunk, and the end. */
    private static byte[] tail() {
        byte[] body = "parameters\0{\"after\":\"the big chunk\"}".getBytes(StandardCharsets.ISO_8859_1);
        return concat(new byte[4], chunkHeader(body.length, "tEXt"), body, new byte[4], chunkHeader(0, "IEND"), new byte[4]);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** {@code head}, then {@code size} zero bytes made on demand (skipping them costs nothing), then {@code tail}. */
    private static final class VirtualStream extends InputStream {
        private final byte[] head;
        private final byte[] tail;
        private final long size;
        private long position;

        VirtualStream(byte[] start, byte[] head, long size, byte[] tail) {
            this.head = concat(start, head);
            this.size = size;
            this.tail = tail;
        }

        private long total() {
            return head.length + size + tail.length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= total()) {
                return -1;
            }
            int n = (int) Math.min(length, total() - position);
            for (int i = 0; i < n; i++) {
                long at = position + i;
                buffer[offset + i] = at < head.length ? head[(int) at]
                        : at < head.length + size ? 0 : tail[(int) (at - head.length - size)];
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, total() - position));
            position += skipped;
            return skipped;
        }
    }
}
