package dev.easel.adapter.support.emulator;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws an emulator's stand-in pictures at exactly the requested size, encoded as PNG or JPEG by the
 * JDK's own ImageIO: each emulator paints its own look; noise instead, for files as large as real
 * pictures (noise does not compress), for memory benchmarks.
 */
public final class Placeholders {

    static {
        // Encode in memory: no temporary cache files, and nothing for an interrupted thread to close.
        ImageIO.setUseCache(false);
    }

    /** An emulator's look: paints the whole picture, its choices drawn from {@code random} (seeded by the look). */
    @FunctionalInterface
    public interface Painter {
        void paint(Graphics2D g, int width, int height, Random random);
    }

    private Placeholders() {
    }

    /**
     * A {@code width} x {@code height} picture in {@code format} ({@code png} or {@code jpeg}): painted
     * by {@code painter} from a {@code Random} seeded with {@code seed}, or, when {@code noisy}, noise from it.
     */
    public static byte[] render(int width, int height, String format, long seed, boolean noisy, Painter painter) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        if (noisy) {
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    row[x] = random.nextInt(0x1000000);
                }
                image.setRGB(0, y, width, 1, row, 0, width);
            }
            return encode(image, format);
        }
        Graphics2D g = image.createGraphics();
        try {
            painter.paint(g, width, height, random);
        } finally {
            g.dispose();
        }
        return encode(image, format);
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpeg".equals(format) ? "jpg" : "png", out)) {
                throw new IllegalStateException("this Java runtime has no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the placeholder " + format, e);
        }
        return out.toByteArray();
    }
}
