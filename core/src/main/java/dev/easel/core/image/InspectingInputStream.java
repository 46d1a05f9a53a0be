package dev.easel.core.image;

import dev.easel.core.error.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes an image's bytes through while counting them, hashing them with SHA-256, keeping the first
 * {@link ImageHeaders#HEAD_BYTES} to read the format from, and refusing more than a cap. Stores wrap
 * the stream they write with one and ask for {@link #facts()} once it is read to the end, so the
 * facts describe exactly the bytes that were kept.
 */
public final class InspectingInputStream extends FilterInputStream {

    private final MessageDigest sha256;
    private final long maxBytes;
    private final byte[] head = new byte[ImageHeaders.HEAD_BYTES];
    private int headLength;
    private long count;
    private ImageFacts facts;

    public InspectingInputStream(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            seen(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            seen(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("an inspected image cannot be skipped: every byte is hashed");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void seen(byte[] buffer, int offset, int n) throws IOException {
        count += n;
        if (count > maxBytes) {
            throw new ImageTooLargeException(maxBytes);
        }
        sha256.update(buffer, offset, n);
        if (headLength < head.length) {
            int copy = Math.min(n, head.length - headLength);
            System.arraycopy(buffer, offset, head, headLength, copy);
            headLength += copy;
        }
    }

    /** Whether the first bytes seen so far are a PNG or JPEG we can read. */
    public boolean looksLikeImage() {
        return ImageHeaders.read(head, headLength).isPresent();
    }

    /**
     * The facts of all bytes read so far; call after reading to the end.
     *
     * @throws StorageException when the bytes are not a PNG or JPEG
     */
    public ImageFacts facts() {
        if (facts != null) {
            return facts;
        }
        ImageHeaders.Header header = ImageHeaders.read(head, headLength).orElseThrow(() -> new StorageException(
                "the downloaded output is not a PNG or JPEG image (" + count + " bytes)"));
        facts = new ImageFacts(header.mediaType(), header.width(), header.height(), count,
                HexFormat.of().formatHex(sha256.digest()));
        return facts;
    }

    /** Thrown from {@code read} when the stream passes its cap; an {@link IOException} so copy loops stop. */
    public static final class ImageTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        ImageTooLargeException(long maxBytes) {
            super("the output is larger than the limit of " + maxBytes + " bytes");
        }
    }
}
