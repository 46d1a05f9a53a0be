package dev.easel.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.JobId;
import dev.easel.core.model.MediaType;
import dev.easel.core.testing.TestCatalog;
import dev.easel.core.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

    private static final GenerationRequest REQUEST = GenerationRequest.validated(TestCatalog.seedreamDescription().inputs(),
            Map.of("prompt", "a \"quoted\" fox\nin snow — ünïcode", "resolution", "2048x2048"));
    private static final String JSON = Provenance.json(JobId.of("20261121-101500-aaaaaa"), REQUEST);

    private static byte[] embed(byte[] image, String text) throws IOException {
        try (InputStream in = Provenance.embed(new ByteArrayInputStream(image), text)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theJsonNamesTheModelTheJobAndEveryInput() {
        assertThat(JSON).startsWith("{\"generator\":\"easel\",\"model\":\"bytedance/seedream-5/lite/text-to-image\","
                + "\"job_id\":\"20261121-101500-aaaaaa\",\"inputs\":{\"prompt\":\"a \\\"quoted\\\" fox\\nin snow — ünïcode\"")
                .contains("\"resolution\":\"2048x2048 (1:1)\"", "\"max_images\":15");
    }

    @Test
    void aPngCarriesItInAnITxtChunkAndStaysAValidPng() throws IOException {
        byte[] png = TestImages.png(32, 24);

        byte[] marked = embed(png, JSON);

        assertThat(Provenance.read(new ByteArrayInputStream(marked))).contains(JSON);
        assertThat(new String(marked, StandardCharsets.UTF_8)).contains("iTXtparameters", "a \\\"quoted\\\" fox");
        assertThat(ImageHeaders.read(marked, marked.length)).contains(new ImageHeaders.Header(MediaType.PNG, 32, 24));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(marked));
        assertThat(decoded.getWidth()).isEqualTo(32);
        assertThat(marked.length).isEqualTo(png.length + 12 + "parameters".length() + 5 + JSON.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aJpegCarriesItInCommentSegmentsEvenWhenLong() throws IOException {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpg", jpeg);
        String longText = "{\"prompt\":\"" + "é".repeat(40_000) + "\"}";

        byte[] marked = embed(jpeg.toByteArray(), longText);

        assertThat(Provenance.read(new ByteArrayInputStream(marked))).contains(longText);
        assertThat(ImageIO.read(new ByteArrayInputStream(marked)).getHeight()).isEqualTo(30);
        assertThat(ImageHeaders.read(marked, marked.length)).contains(new ImageHeaders.Header(MediaType.JPEG, 40, 30));
    }

    @Test
    void readsTheTextChunkOtherToolsWrite() throws IOException {
        byte[] png = TestImages.png(8, 8);
        byte[] withText = new byte[0];
        byte[] body = "parameters\0steps: 20, sampler: euler".getBytes(StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(12 + body.length).putInt(body.length).put("tEXt".getBytes()).put(body);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("tEXt".getBytes());
        crc.update(body);
        chunk.putInt((int) crc.getValue());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        out.writeBytes(chunk.array());
        out.write(png, 33, png.length - 33);
        withText = out.toByteArray();

        assertThat(Provenance.read(new ByteArrayInputStream(withText))).contains("steps: 20, sampler: euler");
        assertThat(Provenance.read(new ByteArrayInputStream(png))).isEmpty();
    }

    @Test
    void anythingElsePassesThroughUntouched() throws IOException {
        byte[] html = "<html>expired</html>".getBytes(StandardCharsets.UTF_8);

        assertThat(embed(html, JSON)).isEqualTo(html);
        assertThatThrownBy(() -> Provenance.read(new ByteArrayInputStream(html))).hasMessageContaining("not a PNG or JPEG");
    }
}
