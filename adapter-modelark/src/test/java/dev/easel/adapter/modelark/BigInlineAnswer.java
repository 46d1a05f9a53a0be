package dev.easel.adapter.modelark;

import com.fasterxml.jackson.core.JsonFactory;
import dev.easel.core.error.SecretScrubber;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/** Run with a small heap by {@link AnswerReaderTest}: reads one huge inline image and checks its digest. */
public final class BigInlineAnswer {

    private BigInlineAnswer() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), expected)) {
            Base64Source.write(sink, bytes, 7);
        }
        Answer answer = new AnswerReader(new JsonFactory(), new Spool(folder, Long.MAX_VALUE), SecretScrubber.none())
                .read(AnswerReaderTest.bigAnswer(bytes, 7));
        Answer.Inline inline = (Answer.Inline) answer.entries().get(0);
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(inline.file()), actual)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        boolean same = Arrays.equals(expected.digest(), actual.digest());
        System.out.println("decoded " + inline.bytes() + " bytes, digest " + (same ? "matches" : "differs"));
        Files.delete(inline.file());
        System.exit(same ? 0 : 1);
    }
}
