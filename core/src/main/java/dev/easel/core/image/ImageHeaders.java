package dev.easel.core.image;

import dev.easel.core.model.MediaType;
import java.util.Optional;

/**
 * Reads the format and pixel size from the first bytes of a PNG (its IHDR chunk) or a JPEG (its
 * start-of-frame segment). Formats are recognised by their signatures, never by a file name or a
 * server's Content-Type.
 */
public final class ImageHeaders {

    /** Enough for any JPEG whose metadata segments come before the frame header in practice. */
    public static final int HEAD_BYTES = 256 * 1024;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageHeaders() {
    }

    /** A recognised format and size, or empty when the bytes are no PNG or JPEG we can read. */
    public static Optional<Header> read(byte[] head, int length) {
        if (isPng(head, length)) {
            return readPng(head, length);
        }
        if (length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return readJpeg(head, length);
        }
        return Optional.empty();
    }

    private static boolean isPng(byte[] head, int length) {
        if (length < 24) {
            return false;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (head[i] != PNG_SIGNATURE[i]) {
                return false;
            }
        }
        return head[12] == 'I' && head[13] == 'H' && head[14] == 'D' && head[15] == 'R';
    }

    private static Optional<Header> readPng(byte[] head, int length) {
        int width = int32(head, 16);
        int height = int32(head, 20);
        return width > 0 && height > 0 ? Optional.of(new Header(MediaType.PNG, width, height))
                : Optional.empty();
    }

    private static Optional<Header> readJpeg(byte[] head, int length) {
        int at = 2;
        while (at + 4 <= length) {
            if ((head[at] & 0xff) != 0xff) {
                return Optional.empty();
            }
            int marker = head[at + 1] & 0xff;
            if (marker == 0xff) {
                at++;
                continue;
            }
            if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                at += 2;
                continue;
            }
            int segment = uint16(head, at + 2);
            boolean startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (startOfFrame) {
                if (at + 9 > length) {
                    return Optional.empty();
                }
                int height = uint16(head, at + 5);
                int width = uint16(head, at + 7);
                return width > 0 && height > 0
                        ? Optional.of(new Header(MediaType.JPEG, width, height))
                        : Optional.empty();
            }
            if (marker == 0xda || marker == 0xd9 || segment < 2) {
                return Optional.empty();
            }
            at += 2 + segment;
        }
        return Optional.empty();
    }

    private static int int32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static int uint16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    /** A format and a pixel size. */
    public record Header(MediaType mediaType, int width, int height) {
    }
}
