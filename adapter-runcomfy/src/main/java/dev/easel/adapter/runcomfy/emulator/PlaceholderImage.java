package dev.easel.adapter.runcomfy.emulator;

import dev.easel.adapter.support.emulator.Placeholders;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.Random;

/**
 * The RunComfy emulator's stand-in picture: a gradient and a few rings whose colours come from the
 * look's seed, at exactly the requested size ({@link Placeholders} sizes and encodes it).
 */
final class PlaceholderImage {

    private PlaceholderImage() {
    }

    static byte[] render(int width, int height, String format, long seed, boolean noisy) {
        return Placeholders.render(width, height, format, seed, noisy, PlaceholderImage::paint);
    }

    private static void paint(Graphics2D g, int width, int height, Random random) {
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
    }
}
