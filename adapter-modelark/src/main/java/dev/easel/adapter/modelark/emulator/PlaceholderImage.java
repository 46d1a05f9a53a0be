package dev.easel.adapter.modelark.emulator;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** The emulator's stand-in picture: a gradient and a band per image, at exactly the requested size. */
final class PlaceholderImage {

    static {
        ImageIO.setUseCache(false);
    }

    private PlaceholderImage() {
    }

    static byte[] render(int width, int height, String format, long seed, boolean watermark, boolean noisy) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        if (noisy) {
            // Noise does not compress: files as large as real pictures, for memory benchmarks.
            Random random = new Random(seed);
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
            float hue = new Random(seed).nextFloat();
            g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, 0.5f, 0.95f),
                    width, height, Color.getHSBColor((hue + 0.4f) % 1f, 0.7f, 0.3f)));
            g.fillRect(0, 0, width, height);
            g.setColor(Color.getHSBColor((hue + 0.2f) % 1f, 0.4f, 1f));
            g.fillRect(0, height / 3, width, height / 12);
            if (watermark) {
                // Where ModelArk puts its "AI generated" mark: the lower right corner.
                g.setColor(Color.WHITE);
                g.fillRect(width - width / 6, height - height / 20, width / 7, height / 40);
            }
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
