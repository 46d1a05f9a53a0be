package dev.easel.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Small, valid PNG and JPEG byte arrays of a chosen size, made without any imaging library. */
public final class TestImages {

    private TestImages() {
    }

    /** A grey PNG of {@code width} × {@code height}. */
    public static byte[] png(int width, int height) {
        return png(width, height, false);
    }

    /** A PNG of random grey pixels, stored without compression: as large as {@code width × height} bytes. */
    public static byte[] noisyPng(int width, int height) {
        return png(width, height, true);
    }

    private static byte[] png(int width, int height, boolean noisy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        byte[] raw = new byte[(width + 1) * height];
        java.util.Random random = new java.util.Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raw[y * (width + 1) + 1 + x] = noisy ? (byte) random.nextInt(256) : (byte) 0x80;
            }
        }
        Deflater deflater = new Deflater(noisy ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        chunk(out, "IDAT", compressed.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * The head of a baseline JPEG of the given size: SOI, an APP0 segment, and a start-of-frame
     * segment, enough for header readers (not a decodable picture).
     */
    public static byte[] jpegHeader(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(2 + 18 + 19 + 2);
        b.put((byte) 0xff).put((byte) 0xd8);
        b.put((byte) 0xff).put((byte) 0xe0).putShort((short) 16).put("JFIF\0".getBytes()).put(new byte[9]);
        b.put((byte) 0xff).put((byte) 0xc0).putShort((short) 17).put((byte) 8)
                .putShort((short) height).putShort((short) width).put((byte) 3).put(new byte[9]);
        b.put((byte) 0xff).put((byte) 0xd9);
        return b.array();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer header = ByteBuffer.allocate(8).putInt(data.length).put(type.getBytes());
        out.writeBytes(header.array());
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(type.getBytes());
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
