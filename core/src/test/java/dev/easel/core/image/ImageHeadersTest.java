package dev.easel.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.StorageException;
import dev.easel.core.model.MediaType;
import dev.easel.core.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageHeadersTest {

    @Test
    void readsAPngSize() {
        byte[] png = TestImages.png(2304, 2);
        assertThat(ImageHeaders.read(png, png.length)).contains(new ImageHeaders.Header(MediaType.PNG, 2304, 2));
    }

    @Test
    void readsARealJpegWrittenByImageIo() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB), "jpg", out);
        byte[] jpeg = out.toByteArray();

        assertThat(ImageHeaders.read(jpeg, jpeg.length)).contains(new ImageHeaders.Header(MediaType.JPEG, 320, 240));
    }

    @Test
    void recognisesNothingElse() {
        byte[] html = "<html><body>Access denied</body></html>".getBytes();
        assertThat(ImageHeaders.read(html, html.length)).isEmpty();
        byte[] cut = TestImages.png(10, 10);
        assertThat(ImageHeaders.read(cut, 12)).isEmpty();
    }

    @Test
    void inspectionCountsHashesAndCaps() throws IOException {
        byte[] png = TestImages.png(16, 16);
        InspectingInputStream in = new InspectingInputStream(new ByteArrayInputStream(png), png.length);
        in.transferTo(OutputStreamSink.INSTANCE);

        ImageFacts facts = in.facts();
        assertThat(facts.bytes()).isEqualTo(png.length);
        assertThat(facts.sha256()).hasSize(64);
        assertThat(facts).isSameAs(in.facts());

        InputStream over = new InspectingInputStream(new ByteArrayInputStream(png), png.length - 1);
        assertThatThrownBy(() -> over.transferTo(OutputStreamSink.INSTANCE))
                .isInstanceOf(InspectingInputStream.ImageTooLargeException.class);

        InspectingInputStream text = new InspectingInputStream(new ByteArrayInputStream("hello".getBytes()), 100);
        text.transferTo(OutputStreamSink.INSTANCE);
        assertThatThrownBy(text::facts).isInstanceOf(StorageException.class).hasMessageContaining("5 bytes");
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
