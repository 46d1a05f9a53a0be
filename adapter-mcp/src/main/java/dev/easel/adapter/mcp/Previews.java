package dev.easel.adapter.mcp;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Small JPEG previews of stored images, for tool results: an agent sees what it made without
 * pulling megabytes through the protocol. The stored image is read subsampled, so a 4K picture
 * never sits whole in memory.
 */
final class Previews {

    /** The longest side of a preview, in pixels. */
    static final int MAX_SIDE = 256;
    /** No preview grows beyond this; quality steps down until it fits. */
    static final int MAX_BYTES = 48 * 1024;

    private Previews() {
    }

    /** A JPEG no larger than {@link #MAX_SIDE} on its longest side, or empty when the bytes are no image Java reads. */
    static Optional<byte[]> jpeg(InputStream image) throws IOException {
        BufferedImage small = readSmall(image);
        if (small == null) {
            return Optional.empty();
        }
        for (float quality = 0.8f; quality >= 0.3f; quality -= 0.1f) {
            byte[] bytes = encode(small, quality);
            if (bytes.length <= MAX_BYTES) {
                return Optional.of(bytes);
            }
        }
        return Optional.empty();
    }

    private static BufferedImage readSmall(InputStream image) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(image)) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                int step = Math.max(1, Math.max(width, height) / MAX_SIDE);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                return fit(reader.read(0, param));
            } finally {
                reader.dispose();
            }
        }
    }

    /** Scales to at most {@link #MAX_SIDE} and drops any alpha (JPEG has none). */
    private static BufferedImage fit(BufferedImage source) {
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(source.getWidth(), source.getHeight()));
        int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(source, 0, 0, width, height, Color.WHITE, null);
        } finally {
            graphics.dispose();
        }
        return target;
    }

    private static byte[] encode(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
