package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./easel} launcher's choice of JVM flags (decisions 0014, 0024): the class-data-sharing
 * archive, and the flags that skip re-verifying the jar's classes, only with the archive, only for
 * the JDK at the exact version that dumped it, and never for the servers. Runs the real script in a
 * copy of the project's layout, with a stand-in {@code java} that prints the arguments it was given.
 */
class LauncherTest {

    private static final String VERSION = "JAVA_RUNTIME_VERSION=\"17.0.15+6-Debian-1deb12u1\"";

    @TempDir
    Path root;

    private Path jdk;
    private Path jar;
    private Path archive;

    @BeforeEach
    void aBuiltProjectAndTheJdkThatDumpedItsArchive() throws IOException {
        Path launcher = Path.of("..", "easel").toAbsolutePath().normalize();
        Files.copy(launcher, root.resolve("easel"));
        executable(root.resolve("easel"));
        Path target = Files.createDirectories(root.resolve("adapter-cli/target"));
        jar = Files.writeString(target.resolve("easel.jar"), "");
        archive = Files.writeString(target.resolve("easel.jsa"), "");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-11-22T07:00:00Z")));
        Files.setLastModifiedTime(archive, FileTime.from(Instant.parse("2026-11-22T07:00:05Z")));
        jdk = fakeJdk("jdk", VERSION);
        Files.writeString(target.resolve("easel.jsa.jdk"), jdk.toRealPath() + "\n" + VERSION + "\n");
    }

    @Test
    void aShortCommandOnTheJdkThatDumpedTheArchiveUsesItAndSkipsReverifyingItsClasses() throws Exception {
        List<String> flags = launch(jdk, Map.of(), "jobs");

        assertThat(flags).anyMatch(f -> f.startsWith("-XX:SharedArchiveFile=")).contains("-XX:-BytecodeVerificationRemote",
                "-XX:ArchiveRelocationMode=0", "-XX:TieredStopAtLevel=1");
        assertThat(flags.subList(flags.size() - 3, flags.size())).containsExactly("-jar", jar.toString(), "jobs");
    }

    @Test
    void theSameJdkUpdatedInPlaceGetsNeitherTheArchiveNorItsFlags() throws Exception {
        Files.writeString(jdk.resolve("release"), "JAVA_RUNTIME_VERSION=\"17.0.16+8-Debian-1deb12u1\"\n");

        List<String> flags = launch(jdk, Map.of(), "jobs");

        assertThat(flags).noneMatch(f -> f.startsWith("-XX:SharedArchiveFile=")).doesNotContain("-XX:-BytecodeVerificationRemote",
                "-XX:ArchiveRelocationMode=0");
    }

    @Test
    void anotherJdkGetsNeitherTheArchiveNorItsFlags() throws Exception {
        Path other = fakeJdk("other-jdk", VERSION);

        List<String> flags = launch(other, Map.of(), "jobs");

        assertThat(flags).noneMatch(f -> f.startsWith("-XX:SharedArchiveFile=")).doesNotContain("-XX:-BytecodeVerificationRemote");
    }

    @Test
    void anArchiveOlderThanTheJarIsLeftOut() throws Exception {
        Files.setLastModifiedTime(archive, FileTime.from(Instant.parse("2026-11-22T06:59:00Z")));

        List<String> flags = launch(jdk, Map.of(), "jobs");

        assertThat(flags).noneMatch(f -> f.startsWith("-XX:SharedArchiveFile=")).doesNotContain("-XX:-BytecodeVerificationRemote");
    }

    @Test
    void theServersKeepTheJdksVerificationAndDefaults() throws Exception {
        for (String server : List.of("serve", "emulator", "mcp")) {
            List<String> flags = launch(jdk, Map.of(), server);

            assertThat(flags).as(server).anyMatch(f -> f.startsWith("-XX:SharedArchiveFile="))
                    .doesNotContain("-XX:-BytecodeVerificationRemote", "-XX:ArchiveRelocationMode=0", "-XX:TieredStopAtLevel=1");
        }
    }

    @Test
    void easelCdsOffLeavesTheArchiveOutAndTheUsersOptionsComeLast() throws Exception {
        List<String> flags = launch(jdk, Map.of("EASEL_CDS", "off", "EASEL_JAVA_OPTS", "-Xmx64m -XX:TieredStopAtLevel=4"), "jobs");

        assertThat(flags).noneMatch(f -> f.startsWith("-XX:SharedArchiveFile=")).doesNotContain("-XX:-BytecodeVerificationRemote");
        assertThat(flags.indexOf("-XX:TieredStopAtLevel=4")).as("the user's flag wins over the launcher's")
                .isGreaterThan(flags.indexOf("-XX:TieredStopAtLevel=1"));
    }

    @Test
    void oneJobsCommandsCallTheQuickCompilersProfilingLaterAndTheBatchKeepsItsFlags() throws Exception {
        for (String command : List.of("generate", "result")) {
            assertThat(launch(jdk, Map.of(), command)).as(command).contains("-XX:Tier3InvocationThreshold=800",
                    "-XX:Tier3CompileThreshold=8000", "-XX:Tier3BackEdgeThreshold=240000", "-XX:+UseSerialGC");
        }
        for (String command : List.of("batch", "resume", "mcp", "jobs", "serve")) {
            assertThat(launch(jdk, Map.of(), command)).as(command).noneMatch(f -> f.startsWith("-XX:Tier3"));
        }
    }

    @Test
    void sqliteIsGivenItsLibraryBesideTheJarAndSweepsThatFolderForOldCopiesInsteadOfTheTemporaryOne() throws Exception {
        Path folder = Files.createDirectories(root.resolve("adapter-cli/target/native"));
        Path library = Files.writeString(folder.resolve("libsqlitejdbc.so"), "");
        Files.setLastModifiedTime(library, FileTime.from(Instant.parse("2026-11-22T07:00:05Z")));
        // What sqlite-jdbc leaves in that folder when the library there fails to load: never taken for it.
        for (String left : List.of("sqlite-3.50.3.0-0a1b2c-libsqlitejdbc.so", "sqlite-3.50.3.0-0a1b2c-libsqlitejdbc.so.lck")) {
            Files.setLastModifiedTime(Files.writeString(folder.resolve(left), ""), FileTime.from(Instant.parse("2026-11-22T07:00:09Z")));
        }

        assertThat(launch(jdk, Map.of(), "generate")).contains("-Dorg.sqlite.lib.path=" + folder,
                "-Dorg.sqlite.lib.name=libsqlitejdbc.so", "-Dorg.sqlite.tmpdir=" + folder);

        Files.setLastModifiedTime(library, FileTime.from(Instant.parse("2026-11-22T06:59:00Z")));
        assertThat(launch(jdk, Map.of(), "generate")).noneMatch(f -> f.startsWith("-Dorg.sqlite."));
    }

    /** A JDK home whose {@code bin/java} prints its arguments, one a line; its {@code release} says {@code version}. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(root.resolve(name).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n" + version + "\n");
        Path java = Files.writeString(home.resolve("bin/java"), "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        executable(java);
        return home;
    }

    private List<String> launch(Path jdkHome, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(root.resolve("easel").toString());
        builder.command().addAll(List.of(args));
        builder.environment().remove("EASEL_CDS");
        builder.environment().remove("EASEL_JAVA_OPTS");
        builder.environment().put("PATH", jdkHome.resolve("bin") + ":/usr/bin:/bin");
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
