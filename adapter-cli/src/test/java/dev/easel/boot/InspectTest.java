package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.image.Provenance;
import dev.easel.core.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code easel inspect} on files made by someone else: what reaches the terminal is inert, and big claims cost nothing. */
class InspectTest {

    @TempDir
    Path work;

    private EaselHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void controlSequencesInAFileNeverReachTheTerminal() throws Exception {
        harness = new EaselHarness(work, b -> { });
        // A title change, a screen clear, a clipboard write (OSC 52), and a C1 control sequence introducer.
        String hostile = "{\"prompt\":\"fox\u001b]0;owned\u0007\u001b[2J\u001b]52;c;Y3VybCBldmlsfHNo\u0007\u009b31m\"}";
        Path png = work.resolve("hostile.png");
        Files.write(png, Provenance.embed(new ByteArrayInputStream(TestImages.png(8, 8)), hostile).readAllBytes());
        Path text = work.resolve("plain.png");
        Files.write(text, Provenance.embed(new ByteArrayInputStream(TestImages.png(8, 8)), "not json \u001b[2J\u0007 end").readAllBytes());

        EaselHarness.Run run = harness.easel("inspect", png.toString());
        EaselHarness.Run plain = harness.easel("inspect", text.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out() + plain.out()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u009b");
        assertThat(run.out()).contains("fox", "owned");
        assertThat(plain.out()).contains("not json", "end");
    }

    @Test
    void aPngWithA600MegabyteChunkIsInspectedWithoutRunningOutOfMemory() throws Exception {
        harness = new EaselHarness(work, b -> { });
        byte[] start = Arrays.copyOf(TestImages.png(4, 4), 33);
        byte[] parameters = "parameters\0{\"prompt\":\"after the big chunk\"}".getBytes(StandardCharsets.ISO_8859_1);
        Path png = work.resolve("big.png");
        try (OutputStream out = Files.newOutputStream(png)) {
            out.write(start);
            out.write(ByteBuffer.allocate(8).putInt(600 * 1024 * 1024).put("zzZz".getBytes(StandardCharsets.ISO_8859_1)).array());
        }
        // A sparse file: 600 MB that take no disk, then a parameters chunk.
        try (var channel = java.nio.channels.FileChannel.open(png, java.nio.file.StandardOpenOption.WRITE)) {
            channel.position(start.length + 8L + 600L * 1024 * 1024 + 4);
            channel.write(ByteBuffer.wrap(ByteBuffer.allocate(8).putInt(parameters.length).put("tEXt".getBytes(StandardCharsets.ISO_8859_1)).array()));
            channel.write(ByteBuffer.wrap(parameters));
            channel.write(ByteBuffer.allocate(4));
        }

        EaselHarness.Run run = harness.easel("inspect", png.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("after the big chunk");
    }

    @Test
    void aFileThatIsNoImageOrIsMissingIsRefusedWithoutTalkingOfSubmissions() throws Exception {
        harness = new EaselHarness(work, b -> { });
        Path notes = work.resolve("notes.txt");
        Files.writeString(notes, "not an image");

        EaselHarness.Run text = harness.easel("inspect", notes.toString());
        EaselHarness.Run missing = harness.easel("inspect", work.resolve("nowhere.png").toString());

        assertThat(text.exit()).isEqualTo(dev.easel.adapter.cli.ExitCode.INVALID);
        assertThat(text.err()).contains(notes + " cannot be read as an image: not a PNG or JPEG image")
                .doesNotContain("submitted");
        assertThat(missing.exit()).isEqualTo(dev.easel.adapter.cli.ExitCode.INVALID);
        assertThat(missing.err()).contains("nowhere.png does not exist").doesNotContain("submitted");
    }
}
