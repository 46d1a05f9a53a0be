package dev.easel.adapter.modelark.emulator;

import dev.easel.adapter.support.emulator.Placeholders;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;

/**
 * The ModelArk emulator's stand-in picture: a gradient and a band, and ModelArk's watermark corner
 * when asked, at exactly the requested size ({@link Placeholders} sizes and encodes it).
 */
final class PlaceholderImage {

    private PlaceholderImage() {
    }

    static byte[] render(int width, int height, String format, long seed, boolean watermark, boolean noisy) {
        return Placeholders.render(width, height, format, seed, noisy, (g, w, h, random) -> {
            float hue = random.nextFloat();
            g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, 0.5f, 0.95f),
                    w, h, Color.getHSBColor((hue + 0.4f) % 1f, 0.7f, 0.3f)));
            g.fillRect(0, 0, w, h);
            g.setColor(Color.getHSBColor((hue + 0.2f) % 1f, 0.4f, 1f));
            g.fillRect(0, h / 3, w, h / 12);
            if (watermark) {
                paintWatermark(g, w, h);
            }
        });
    }

    /** Where ModelArk puts its "AI generated" mark: the lower right corner. */
    private static void paintWatermark(Graphics2D g, int width, int height) {
        g.setColor(Color.WHITE);
        g.fillRect(width - width / 6, height - height / 20, width / 7, height / 40);
    }
}
