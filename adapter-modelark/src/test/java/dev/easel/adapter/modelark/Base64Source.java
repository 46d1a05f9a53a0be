package dev.easel.adapter.modelark;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Random;

/** The base64 text of {@code n} seeded pseudo-random bytes, produced as it is read, never whole in memory. */
final class Base64Source {

    private Base64Source() {
    }

    static InputStream of(long n, long seed) {
        try {
            PipedInputStream in = new PipedInputStream(64 * 1024);
            PipedOutputStream out = new PipedOutputStream(in);
            Thread writer = new Thread(() -> {
                try (var encoder = Base64.getEncoder().wrap(out)) {
                    write(encoder, n, seed);
                } catch (IOException e) {
                    // The reader went away; nothing to report.
                }
            }, "base64-source");
            writer.setDaemon(true);
            writer.start();
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the bytes themselves, as {@link #of} encodes them. */
    static void write(java.io.OutputStream out, long n, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[32 * 1024];
        for (long left = n; left > 0; left -= chunk.length) {
            random.nextBytes(chunk);
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
    }
}
