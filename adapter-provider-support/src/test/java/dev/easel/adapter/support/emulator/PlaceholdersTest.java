package dev.easel.adapter.support.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private static final Placeholders.Painter RED = (g, w, h, random) -> {
        g.setColor(Color.RED);
        g.fillRect(0, 0, w, h);
    };

    private static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void aPictureHasExactlyTheSizeAskedForInEitherFormat() throws IOException {
        byte[] png = Placeholders.render(301, 97, "png", 1, false, RED);
        byte[] jpeg = Placeholders.render(301, 97, "jpeg", 1, false, RED);

        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(jpeg).startsWith(0xFF, 0xD8);
        assertThat(decode(png).getWidth()).isEqualTo(301);
        assertThat(decode(png).getHeight()).isEqualTo(97);
        assertThat(decode(jpeg).getWidth()).isEqualTo(301);
        assertThat(decode(png).getRGB(150, 50) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void thePainterDrawsFromTheSeedAndNoiseIgnoresIt() throws IOException {
        Placeholders.Painter seeded = (g, w, h, random) -> {
            g.setColor(new Color(random.nextInt(0x1000000)));
            g.fillRect(0, 0, w, h);
        };
        assertThat(Placeholders.render(64, 64, "png", 5, false, seeded))
                .isEqualTo(Placeholders.render(64, 64, "png", 5, false, seeded))
                .isNotEqualTo(Placeholders.render(64, 64, "png", 6, false, seeded));

        byte[] noise = Placeholders.render(256, 256, "png", 5, true, RED);
        assertThat(decode(noise).getRGB(10, 10) & 0xFFFFFF).isNotEqualTo(0xFF0000);
        assertThat(noise.length).as("noise does not compress").isGreaterThan(256 * 256 * 3);
    }
}
