package dev.easel.boot;

import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * Beside that folder it writes {@code easel.jsa.jdk}, the home of the JDK that runs the training and
 * dumps the archive, so that the launcher uses the archive only with that JDK.
 */
public final class ArchiveTraining {

    private static final String TOKEN = "training-token";
    /** Beside the archive: the home of the JDK that built it, and that JDK's exact version. */
    private static final String JDK_FILE = "easel.jsa.jdk";
    private static final Pattern JOB_ID = Pattern.compile("\"job_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern IMAGE_PATH = Pattern.compile("\"path\"\\s*:\\s*\"([^\"]+\\.png)\"");

    private ArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        // The settings the easel process starts with (Main.main), so that the archive holds what a
        // command loads with them: SLF4J's named provider and Easel's set-up of Logback among them.
        ProcessDefaults.apply(System.getProperties());
        if (args.length == 1) {
            copySqliteLibrary(Path.of(args[0]));
            // The archive is dumped by this same JDK and is of no use to another: the launcher compares.
            // Its home, then its exact version as its `release` file names it: an update in place keeps
            // the home, and the JDK then refuses the archive without a word.
            Files.writeString(Path.of(args[0]).toAbsolutePath().resolveSibling(JDK_FILE),
                    Path.of(System.getProperty("java.home")).toRealPath() + "\n"
                            + "JAVA_RUNTIME_VERSION=\"" + System.getProperty("java.runtime.version") + "\"\n");
        }
        List<String> failures = train().failures();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("easel archive training failed:\n  " + String.join("\n  ", failures));
        }
        // The emulator's and the web front's pools are stopped, but nothing should keep the build waiting.
        System.exit(0);
    }

    /** Every command once, against an emulator on loopback with a throw-away home: what went wrong, and what ran. */
    static Result train() throws IOException {
        Path work = Files.createTempDirectory("easel-training-");
        List<String> failures = new ArrayList<>();
        Set<String> ran = new TreeSet<>();
        try (RunComfyEmulator emulator = RunComfyEmulator.builder().token(TOKEN)
                .timing(Duration.ofMillis(1), Duration.ofMillis(20)).start()) {
            Map<String, String> env = Map.of("RUNCOMFY_API_TOKEN", TOKEN,
                    "RUNCOMFY_BASE_URL", emulator.baseUrl().toString(),
                    "EASEL_HOME", work.resolve("home").toString(),
                    "EASEL_OUTPUT", work.resolve("out").toString());
            Training training = new Training(env, work, failures, ran);

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
            training.expect(0, "usage");
            training.expect(0, "models");
            training.expect(0, "schema");
            training.expect(0, "inspect", work.resolve(image).toString());
            training.expect(2, "generate", "a fox", "--max-images", "16");
            training.expect(0, "generate", "--demo", "-q", "a red fox in snow");
            training.mcp();
            training.serve();
            for (String command : List.of("generate", "batch", "jobs", "status", "result", "cancel", "resume", "usage",
                    "inspect", "models", "schema", "serve", "emulator", "mcp")) {
                training.expect(0, command, "--help");
            }
        } finally {
            delete(work);
        }
        return new Result(List.copyOf(failures), Set.copyOf(ran));
    }

    /** What went wrong in a training run, and the commands it ran (each at least once, some only for help). */
    record Result(List<String> failures, Set<String> commands) {
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
    private record Training(Map<String, String> env, Path work, List<String> failures, Set<String> ran) {

        String expect(int code, String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.run(args, env, work.resolve("user-home"), work, new PrintWriter(out), new PrintWriter(err));
            if (exit != code) {
                failures.add("easel " + String.join(" ", args) + " exited " + exit + " (expected " + code + "): " + err);
            }
            if (!args[0].startsWith("-")) {
                ran.add(args[0]);
            }
            return out.toString();
        }

        /**
         * {@code easel mcp} as an agent drives it: initialize, the list of tools and one tool that needs no
         * provider, then its input closed, which ends it. Each answer is waited for before the next call.
         */
        void mcp() {
            ran.add("mcp");
            StringWriter err = new StringWriter();
            try (PipedOutputStream agent = new PipedOutputStream()) {
                PipedInputStream serverInput = new PipedInputStream(agent, 1 << 16);
                Lines serverOutput = new Lines();
                FutureTask<Integer> server = new FutureTask<>(() -> Main.run(new String[] {"mcp"}, env,
                        work.resolve("user-home"), work, new PrintWriter(new StringWriter()), new PrintWriter(err),
                        () -> new McpCommand.Streams(serverInput, serverOutput)));
                Thread thread = new Thread(server, "easel-training-mcp");
                thread.setDaemon(true);
                thread.start();
                send(agent, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"easel-training\",\"version\":\"1\"}}}");
                serverOutput.answer(1, server);
                send(agent, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
                send(agent, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
                if (!serverOutput.answer(2, server).contains("\"generate_image\"")) {
                    failures.add("easel mcp: tools/list did not list generate_image");
                }
                send(agent, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                        + "{\"name\":\"list_jobs\",\"arguments\":{}}}");
                serverOutput.answer(3, server);
                agent.close();
                int exit = server.get(2, TimeUnit.MINUTES);
                if (exit != 0) {
                    failures.add("easel mcp exited " + exit + " when its input closed: " + err);
                }
            } catch (IOException | ExecutionException | TimeoutException | IllegalStateException e) {
                failures.add("easel mcp: " + e + " " + err);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add("easel mcp: interrupted");
            }
        }

        private static void send(OutputStream to, String message) throws IOException {
            to.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            to.flush();
        }

        /** The web front: started on a free port, its studio and JSON API read once, stopped. */
        void serve() {
            ran.add("serve");
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

    /** What an MCP server writes, a line (one JSON-RPC message) at a time. */
    private static final class Lines extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        /** The answer to request {@code id}, waited for while the server runs (a minute at most). */
        String answer(int id, Future<Integer> server) throws InterruptedException {
            Pattern answer = Pattern.compile("\"id\"\\s*:\\s*" + id + "\\s*[,}]");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < deadline && !server.isDone()) {
                String next = lines.poll(100, TimeUnit.MILLISECONDS);
                if (next != null && answer.matcher(next).find()) {
                    return next;
                }
            }
            throw new IllegalStateException("no answer to request " + id + (server.isDone() ? " (the server ended)" : ""));
        }
    }
}
