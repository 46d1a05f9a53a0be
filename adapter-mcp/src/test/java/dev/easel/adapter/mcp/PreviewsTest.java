package dev.easel.adapter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PreviewsTest {

    @Test
    void aLargeNoisyPictureBecomesASmallJpegWithinTheByteBound() throws Exception {
        BufferedImage noise = new BufferedImage(3072, 2048, BufferedImage.TYPE_INT_ARGB);
        Random random = new Random(7);
        for (int y = 0; y < noise.getHeight(); y++) {
            for (int x = 0; x < noise.getWidth(); x++) {
                noise.setRGB(x, y, random.nextInt());
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(noise, "png", png);

        byte[] jpeg = Previews.jpeg(new ByteArrayInputStream(png.toByteArray())).orElseThrow();

        assertThat(jpeg.length).isLessThanOrEqualTo(Previews.MAX_BYTES);
        BufferedImage preview = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(preview.getWidth()).isEqualTo(256);
        assertThat(preview.getHeight()).isEqualTo(171);
    }

    @Test
    void bytesThatAreNoImageGiveNoPreview() throws Exception {
        assertThat(Previews.jpeg(new ByteArrayInputStream("not an image".getBytes()))).isEmpty();
    }
}
