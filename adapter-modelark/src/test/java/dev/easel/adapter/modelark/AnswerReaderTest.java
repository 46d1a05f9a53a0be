package dev.easel.adapter.modelark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import dev.easel.core.error.SecretScrubber;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswerReaderTest {

    @TempDir
    Path spoolFolder;

    private AnswerReader reader(long maxBytes) {
        return new AnswerReader(new JsonFactory(), new Spool(spoolFolder, maxBytes), SecretScrubber.of("sk-secret"));
    }

    @Test
    void readsAnImageLinkAndTheUsage() throws IOException {
        Answer answer = reader(1 << 20).read(Recorded.stream("url-one-image.json"));

        assertThat(answer.model()).isEqualTo("seedream-5-0-lite-260128");
        assertThat(answer.entries()).singleElement().isInstanceOfSatisfying(Answer.Linked.class, linked -> {
            assertThat(linked.position()).isEqualTo(1);
            assertThat(linked.url().getHost()).endsWith(".bytepluses.com");
            assertThat(linked.size()).isEqualTo("2048x2048");
        });
        assertThat(answer.usage().orElseThrow().generatedImages()).contains(1);
    }

    @Test
    void decodesAnInlineImageIntoAnOwnerOnlySpoolFile() throws IOException {
        Answer answer = reader(1 << 20).read(Recorded.stream("b64-one-image.json"));

        Answer.Inline inline = (Answer.Inline) answer.entries().get(0);
        assertThat(Files.readAllBytes(inline.file())).isEqualTo(Recorded.bytes("tiny.png"));
        assertThat(inline.bytes()).isEqualTo(Recorded.bytes("tiny.png").length);
        assertThat(inline.file().getParent()).isEqualTo(spoolFolder);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(inline.file()))).isEqualTo("rw-------");
    }

    @Test
    void keepsTheImagesBesideOneThatFailedAndSaysWhichFailed() throws IOException {
        Answer answer = reader(1 << 20).read(Recorded.stream("sequential-with-failed-image.json"));

        assertThat(answer.entries()).hasSize(3);
        assertThat(answer.entries().get(0)).isInstanceOf(Answer.Linked.class);
        assertThat(answer.entries().get(2)).isInstanceOf(Answer.Linked.class);
        Answer.Failed failed = (Answer.Failed) answer.entries().get(1);
        assertThat(failed.describe()).startsWith("image 2 failed (OutputImageSensitiveContentDetected)")
                .contains("output image may contain sensitive information");
        assertThat(answer.usage().orElseThrow().generatedImages()).contains(2);
    }

    @Test
    void skipsFieldsItDoesNotKnow() throws IOException {
        Answer answer = reader(1 << 20).read(Recorded.stream("unknown-fields.json"));

        assertThat(answer.model()).isEqualTo("seedream-4-0-250828");
        assertThat(answer.entries()).singleElement().isInstanceOf(Answer.Linked.class);
        assertThat(answer.usage().orElseThrow().totalTokens()).contains(16384L);
    }

    @Test
    void aBrokenAnswerLeavesNoSpoolFileBehind() throws IOException {
        byte[] whole = twoInlineImages();
        byte[] broken = Arrays.copyOf(whole, whole.length - 40);

        assertThatThrownBy(() -> reader(1 << 20).read(new ByteArrayInputStream(broken))).isInstanceOf(IOException.class);
        try (Stream<Path> left = Files.list(spoolFolder)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anInlineImageOverTheCapIsRefusedAndNotKept() throws IOException {
        assertThatThrownBy(() -> reader(20).read(new ByteArrayInputStream(twoInlineImages())))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than 20 bytes");
        try (Stream<Path> left = Files.list(spoolFolder)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void errorTextIsScrubbed() throws IOException {
        String answer = "{\"data\":[{\"error\":{\"code\":\"X\",\"message\":\"bad key sk-secret\"}}]}";

        Answer read = reader(1 << 20).read(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));

        assertThat(((Answer.Failed) read.entries().get(0)).describe()).doesNotContain("sk-secret").contains("[redacted]");
    }

    /**
     * A 96 MB image inline (128 MB of base64) read in a JVM whose whole heap is 64 MB: it works only
     * if the image is decoded from the stream as it arrives, never held as a string or an array.
     */
    @Test
    void decodesAnImageLargerThanTheHeapInASmallHeap() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                BigInlineAnswer.class.getName(), spoolFolder.toString(), String.valueOf(96L * 1024 * 1024))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("decoded 100663296 bytes, digest matches");
    }

    private static byte[] twoInlineImages() {
        String b64 = java.util.Base64.getEncoder().encodeToString(Recorded.bytes("tiny.png"));
        return ("{\"data\":[{\"b64_json\":\"" + b64 + "\",\"size\":\"4x3\"},{\"b64_json\":\"" + b64
                + "\",\"size\":\"4x3\"}],\"usage\":{\"generated_images\":2}}").getBytes(StandardCharsets.UTF_8);
    }

    /** The answer {@code {"data":[{"b64_json":"…"}]}} of {@code bytes} pseudo-random bytes, made as it is read. */
    static InputStream bigAnswer(long bytes, long seed) {
        return new java.io.SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
                new ByteArrayInputStream("{\"model\":\"m\",\"data\":[{\"b64_json\":\"".getBytes(StandardCharsets.US_ASCII)),
                Base64Source.of(bytes, seed),
                new ByteArrayInputStream("\",\"size\":\"4096x4096\"}],\"usage\":{\"generated_images\":1}}"
                        .getBytes(StandardCharsets.US_ASCII)))));
    }
}
