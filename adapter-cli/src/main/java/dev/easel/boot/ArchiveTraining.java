package dev.easel.boot;

import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The build's training run for the class-data-sharing archive: every command once, in one JVM, offline
 * (an emulator on loopback, a throw-away home), so that the archive the build writes with
 * {@code -XX:ArchiveClassesAtExit} holds what any command loads and no user's first command has to
 * write it. It fails (and the build with it) if a command does not do what it should.
 *
 * <p>Given a folder, it first copies SQLite's native library for this machine there, for the launcher
 * to name with {@code -Dorg.sqlite.lib.path}: otherwise sqlite-jdbc writes the library to a new
 * temporary file and compares it byte by byte on every start, a tenth of a second of a short command.
 */
public final class ArchiveTraining {

    private static final String TOKEN = "training-token";
    private static final Pattern JOB_ID = Pattern.compile("\"job_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern IMAGE_PATH = Pattern.compile("\"path\"\\s*:\\s*\"([^\"]+\\.png)\"");

    private ArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1) {
            copySqliteLibrary(Path.of(args[0]));
        }
        Path work = Files.createTempDirectory("easel-training-");
        List<String> failures = new ArrayList<>();
        try (RunComfyEmulator emulator = RunComfyEmulator.builder().token(TOKEN)
                .timing(Duration.ofMillis(1), Duration.ofMillis(20)).start()) {
            Map<String, String> env = Map.of("RUNCOMFY_API_TOKEN", TOKEN,
                    "RUNCOMFY_BASE_URL", emulator.baseUrl().toString(),
                    "EASEL_HOME", work.resolve("home").toString(),
                    "EASEL_OUTPUT", work.resolve("out").toString());
            Training training = new Training(env, work, failures);

            training.expect(0, "--version");
            training.expect(0, "--help");
            String generated = training.expect(0, "generate", "a red fox in snow", "--json", "-q");
            String jobId = first(JOB_ID, generated);
            String image = first(IMAGE_PATH, generated);
            Path batch = Files.writeString(work.resolve("shots.txt"), "a lighthouse at dusk\nproduct shot\n");
            training.expect(0, "batch", batch.toString(), "--concurrency", "2", "-q");
            training.expect(0, "jobs");
            training.expect(0, "jobs", "--json");
            training.expect(0, "status", jobId);
            training.expect(0, "result", jobId);
            training.expect(0, "resume");
            training.expect(0, "models");
            training.expect(0, "schema");
            training.expect(0, "inspect", work.resolve(image).toString());
            training.expect(2, "generate", "a fox", "--max-images", "16");
            training.expect(0, "generate", "--demo", "-q", "a red fox in snow");
            training.serve();
            for (String command : List.of("generate", "batch", "jobs", "status", "result", "cancel", "resume",
                    "inspect", "models", "schema", "serve", "emulator")) {
                training.expect(0, command, "--help");
            }
        } finally {
            delete(work);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("easel archive training failed:\n  " + String.join("\n  ", failures));
        }
        // The emulator's and the web front's pools are stopped, but nothing should keep the build waiting.
        System.exit(0);
    }

    /** The library sqlite-jdbc would extract for this machine, copied into the folder and used from there. */
    private static void copySqliteLibrary(Path folder) throws IOException {
        String name = LibraryLoaderUtil.getNativeLibName();
        try (InputStream library = SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name)) {
            if (library == null) {
                return;
            }
            Files.createDirectories(folder);
            Files.copy(library, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        System.setProperty("org.sqlite.lib.path", folder.toString());
        System.setProperty("org.sqlite.lib.name", name);
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("training: no " + pattern + " in " + text);
        }
        return m.group(1);
    }

    private static void delete(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Runs commands through {@link Main#run} as the launcher would, collecting what went wrong. */
    private record Training(Map<String, String> env, Path work, List<String> failures) {

        String expect(int code, String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.run(args, env, work.resolve("user-home"), work, new PrintWriter(out), new PrintWriter(err));
            if (exit != code) {
                failures.add("easel " + String.join(" ", args) + " exited " + exit + " (expected " + code + "): " + err);
            }
            return out.toString();
        }

        /** The web front: started on a free port, its studio and JSON API read once, stopped. */
        void serve() {
            EaselServicesFactory services = new EaselServicesFactory(env, work.resolve("user-home"), work);
            try (ServeCommand.Server server = ServeCommand.start(services, "127.0.0.1", 0, false)) {
                for (String path : List.of("/", "/api/v1/jobs", "/api/v1/models")) {
                    HttpURLConnection call = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + path)
                            .toURL().openConnection();
                    int status = call.getResponseCode();
                    try (InputStream body = status < 400 ? call.getInputStream() : call.getErrorStream()) {
                        if (body != null) {
                            body.transferTo(OutputStream.nullOutputStream());
                        }
                    }
                    if (status != 200) {
                        failures.add("serve: GET " + path + " answered " + status);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
