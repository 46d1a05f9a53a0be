import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs `easel batch FILE -c CONCURRENCY -q` for each FILE=OUTPUT pair, one after another in this one
 * JVM, and prints each run's time: what a batch costs a process whose JVM has started and whose
 * code the JIT has compiled already (bench/warm_batch.py drives it). Each run still makes its own
 * services, as `easel batch` does; only the JVM is shared.
 *
 * Usage: java -cp adapter-cli/target/easel.jar bench/WarmBatch.java CONCURRENCY FILE=OUTPUT...
 */
public class WarmBatch {
    public static void main(String[] args) throws Exception {
        // What `easel`'s main does first (the kept-alive connection count), then its command line runs.
        Method defaults = Class.forName("dev.easel.boot.ProcessDefaults").getDeclaredMethod("apply", java.util.Properties.class);
        defaults.setAccessible(true);
        defaults.invoke(null, System.getProperties());
        Method run = Class.forName("dev.easel.boot.Main").getDeclaredMethod("run", String[].class, Map.class, Path.class,
                Path.class, PrintWriter.class, PrintWriter.class);
        run.setAccessible(true);
        for (int i = 1; i < args.length; i++) {
            String[] fileAndOutput = args[i].split("=", 2);
            Map<String, String> environment = new HashMap<>(System.getenv());
            environment.put("EASEL_OUTPUT", fileAndOutput[1]);
            StringWriter out = new StringWriter();
            long start = System.nanoTime();
            int exit = (int) run.invoke(null, new String[] {"batch", fileAndOutput[0], "-c", args[0], "-q"}, environment,
                    Path.of(System.getProperty("user.home")), Path.of("").toAbsolutePath(), new PrintWriter(out, true),
                    new PrintWriter(System.err, true));
            System.out.printf("run %d exit %d wall %.3f%n", i, exit, (System.nanoTime() - start) / 1e9);
        }
        System.exit(0);
    }
}
