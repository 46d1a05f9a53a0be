package dev.easel.adapter.runcomfy.emulator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws the emulator's stand-in picture: a gradient and a few shapes whose colours come from the
 * prompt, at exactly the requested size, encoded as PNG or JPEG by the JDK's own ImageIO.
 */
final class PlaceholderImage {

    static {
        // Encode in memory: no temporary cache files, and nothing for an interrupted thread to close.
        ImageIO.setUseCache(false);
    }

    private PlaceholderImage() {
    }

    static byte[] render(int width, int height, String format, long seed, boolean noisy) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        if (noisy) {
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
            Random random = new Random(seed);
            float hue = random.nextFloat();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, 0.55f, 0.95f),
                    width, height, Color.getHSBColor((hue + 0.35f) % 1f, 0.7f, 0.35f)));
            g.fillRect(0, 0, width, height);
            int unit = Math.min(width, height);
            for (int i = 0; i < 7; i++) {
                g.setColor(Color.getHSBColor((hue + random.nextFloat() * 0.3f) % 1f, 0.5f, 1f));
                g.setStroke(new BasicStroke(unit / 60f));
                int size = unit / 8 + random.nextInt(unit / 3);
                g.drawOval(random.nextInt(width), random.nextInt(height), size, size);
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
