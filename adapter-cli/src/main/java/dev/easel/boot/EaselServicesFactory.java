package dev.easel.boot;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.easel.adapter.cli.CliServices;
import dev.easel.adapter.cli.CliServicesFactory;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.BrowseModelsUseCase;
import dev.easel.core.port.in.PrepareFileInputsUseCase;
import dev.easel.core.port.in.CancelJobUseCase;
import dev.easel.core.port.in.ReportUsageUseCase;
import dev.easel.core.port.in.RunBatchUseCase;
import dev.easel.core.port.in.TrackJobsUseCase;
import dev.easel.core.port.in.GenerateImageUseCase;
import dev.easel.core.port.in.SubmitJobUseCase;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.Settings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;
import java.util.Map;
import java.util.Optional;

/**
 * The composition root: merges configuration, picks the provider and store plugins by name, starts
 * the demo emulator when asked, and wires the core with Guice.
 */
public final class EaselServicesFactory implements CliServicesFactory, AutoCloseable {

    /*
     * Guice by default generates a class per module to call @Provides methods and records a stack
     * trace for every binding: a third of making the injector, for a command that lives a fraction of
     * a second. Reflection and binding sources without traces do the same job. Set before Guice loads
     * unless the JVM was started with values of its own.
     */
    static {
        System.getProperties().putIfAbsent("guice_bytecode_gen_option", "DISABLED");
        System.getProperties().putIfAbsent("guice_include_stack_traces", "OFF");
    }

    private final Map<String, String> environment;
    private final Path userHome;
    private final Path workingDirectory;
    private volatile EarlyStart early = EarlyStart.none();

    public EaselServicesFactory(Map<String, String> environment, Path userHome, Path workingDirectory) {
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /**
     * Starts making, on other threads, what the command named by {@code args} will certainly need
     * ({@link EarlyStart}): its session is then taken from there if no flag changed its settings.
     */
    void startEarly(String[] args) {
        early = EarlyStart.start(args, environment, userHome, workingDirectory, made -> build(false, Map.of(), made));
    }

    /** What was made early for the command line (nothing if {@link #startEarly} was not called). */
    EarlyStart early() {
        return early;
    }

    /** Closes what was made early and no command took. */
    @Override
    public void close() {
        early.close();
    }

    /** The settings of a session without {@code --demo}: flags over environment over the config file, the output folder made absolute. */
    static Settings settings(Map<String, String> environment, Map<String, String> flags, Path userHome, Path workingDirectory) {
        return withOutput(Configuration.load(environment, flags, userHome), workingDirectory.toAbsolutePath().normalize());
    }

    private static Settings withOutput(Settings settings, Path workingDirectory) {
        return settings.with("output", workingDirectory.resolve(settings.get("output", "easel-output")).toString());
    }

    @Override
    public CliServices open(boolean demo, Map<String, String> overrides) {
        return openSession(demo, overrides);
    }

    /** The same services, with access to the injector and settings, for commands of the composition root. */
    Session openSession(boolean demo, Map<String, String> overrides) {
        EarlyStart made = early;
        if (!demo && made.active()) {
            Optional<Session> session = made.session(settings(environment, overrides, userHome, workingDirectory));
            if (session.isPresent()) {
                return session.get();
            }
        }
        made.awaitLogging();
        return build(demo, overrides, made);
    }

    private Session build(boolean demo, Map<String, String> overrides, EarlyStart made) {
        Map<String, String> flags = new HashMap<>(overrides);
        Settings settings = Configuration.load(environment, flags, userHome);
        PrivateFiles.home(Path.of(settings.get(Configuration.HOME, "")));
        Demo emulator = demo ? Demo.start(settings.get(Configuration.PROVIDER, "runcomfy")) : null;
        try {
            if (emulator != null) {
                for (Map.Entry<String, String> e : emulator.settings().entrySet()) {
                    settings = settings.with(e.getKey(), e.getValue());
                }
                settings = settings.with(Configuration.HOME, Path.of(settings.get(Configuration.HOME, "")).resolve("demo").toString());
            }
            settings = withOutput(settings, workingDirectory);
            PrivateFiles.home(Path.of(settings.get(Configuration.HOME, "")));
            List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
            Injector injector = Guice.createInjector(new CoreModule(opened::add), new PortsModule(
                    Plugins.provider(settings.get(Configuration.PROVIDER, "runcomfy")),
                    Plugins.storage(settings.get(Configuration.STORAGE, "file")),
                    settings, opened::add, made::journal, made::provider));
            return new Session(injector, emulator, workingDirectory, settings, opened);
        } catch (RuntimeException e) {
            if (emulator != null) {
                emulator.close();
            }
            throw e;
        }
    }

    /** One command's services, made lazily from the injector. */
    static final class Session implements CliServices {
        private final Injector injector;
        private final Demo emulator;
        private final Path workingDirectory;
        private final Settings settings;
        private final List<AutoCloseable> opened;

        Session(Injector injector, Demo emulator, Path workingDirectory, Settings settings, List<AutoCloseable> opened) {
            this.injector = injector;
            this.emulator = emulator;
            this.workingDirectory = workingDirectory;
            this.settings = settings;
            this.opened = opened;
        }

        Settings settings() {
            return settings;
        }

        @Override
        public GenerateImageUseCase generation() {
            return instance(GenerateImageUseCase.class);
        }

        @Override
        public SubmitJobUseCase submission() {
            return instance(SubmitJobUseCase.class);
        }

        @Override
        public BrowseModelsUseCase models() {
            return instance(BrowseModelsUseCase.class);
        }

        @Override
        public PrepareFileInputsUseCase files() {
            return instance(PrepareFileInputsUseCase.class);
        }

        @Override
        public CancelJobUseCase cancellation() {
            return instance(CancelJobUseCase.class);
        }

        @Override
        public RunBatchUseCase batches() {
            return instance(RunBatchUseCase.class);
        }

        @Override
        public TrackJobsUseCase tracking() {
            return instance(TrackJobsUseCase.class);
        }

        @Override
        public ReportUsageUseCase usage() {
            return instance(ReportUsageUseCase.class);
        }

        @Override
        public String locate(StoredImage image) {
            String location = instance(ImageStore.class).location(image.key());
            try {
                Path path = Path.of(location);
                return path.isAbsolute() && path.startsWith(workingDirectory)
                        ? workingDirectory.relativize(path).toString()
                        : location;
            } catch (InvalidPathException notAPath) {
                return location;
            }
        }

        private static List<AutoCloseable> reversed(List<AutoCloseable> resources) {
            List<AutoCloseable> copy = new ArrayList<>(resources);
            Collections.reverse(copy);
            return copy;
        }

        <T> T instance(Class<T> type) {
            return Provisioning.unwrapped(() -> injector.getInstance(type));
        }

        /** Closes what the command opened (the journal frees its leases), then the demo emulator. */
        @Override
        public void close() {
            try {
                // Last opened first: the scheduler stops before the journal it writes to.
                for (AutoCloseable resource : reversed(opened)) {
                    try {
                        resource.close();
                    } catch (Exception e) {
                        LoggerFactory.getLogger(EaselServicesFactory.class).warn("could not close {}: {}", resource, e.getMessage());
                    }
                }
            } finally {
                if (emulator != null) {
                    emulator.close();
                }
            }
        }
    }
}
