package io.github.dynamicsecrets.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up: the wall time from spawning {@code java -cp <this class path> StartupMain} to the
 * line it prints after its first secret, over repeated runs. The variants are run in turn, round
 * robin, so that a burst of load on the machine hits them all alike; the first rounds are
 * discarded (they warm the page cache).
 *
 * <pre>java -cp benchmarks.jar io.github.dynamicsecrets.benchmarks.StartupBench OUT.json [runs]</pre>
 */
public final class StartupBench {

    static final int WARMUP_ROUNDS = 2;

    private StartupBench() {}

    /** One way of starting: the child's mode and the environment that configures it. */
    static final class Variant {
        final String label;
        final String mode;
        final Map<String, String> env;
        final long[] nanos;

        Variant(String label, String mode, Map<String, String> env, int runs) {
            this.label = label;
            this.mode = mode;
            this.env = env;
            this.nanos = new long[runs];
        }
    }

    /**
     * Runs the measurement and writes the results.
     *
     * @param args the output file, and optionally the measured runs per variant (10)
     * @throws Exception if a child fails or the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/results/startup.json");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String value = Sides.value(StartupMain.NAME, 1);
        Path dir = Files.createTempDirectory("secrets-startup");
        List<Variant> variants = variants(dir, value, runs);
        try {
            for (int round = -WARMUP_ROUNDS; round < runs; round++) {
                for (Variant v : variants) {
                    long t = spawn(v, value);
                    if (round >= 0) {
                        v.nanos[round] = t;
                    }
                }
            }
        } finally {
            deleteTree(dir);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("runs", runs);
        results.put("java", System.getProperty("java.home"));
        for (Variant v : variants) {
            Map<String, Object> m = Stats.millis(v.nanos);
            results.put(v.label, m);
            System.out.printf("start-up %-16s median %.0f ms (min %.0f, max %.0f)%n", v.label, m.get("median_ms"),
                    m.get("min_ms"), m.get("max_ms"));
        }
        Stats.writeJson(out, results);
        System.out.println("start-up: wrote " + out);
    }

    static List<Variant> variants(Path dir, String value, int runs) throws IOException, InterruptedException {
        List<Variant> list = new ArrayList<>();
        list.add(new Variant("floor", "floor", Map.of(), runs));
        list.add(new Variant("ours_env", "ours", Map.of(
                "SECRETS_CHAIN", "env",
                "SECRET_BENCH_STARTUP", value), runs));
        Path files = dir.resolve("files");
        Path file = files.resolve(StartupMain.NAME);
        Files.createDirectories(file.getParent());
        Files.writeString(file, value, StandardCharsets.UTF_8);
        Map<String, String> fromFiles = Map.of(
                "SECRETS_CHAIN", "file",
                "SECRETS_PROVIDER_FILE_ROOTS", files.toString());
        list.add(new Variant("ours_files", "ours", fromFiles, runs));
        Path keyset = dir.resolve("cache-keyset.json");
        run(List.of(java(), "-cp", System.getProperty("java.class.path"), "io.github.dynamicsecrets.core.KeysetTool",
                "create", keyset.toString()));
        Map<String, String> withDisk = new LinkedHashMap<>(fromFiles);
        withDisk.put("SECRETS_CACHE_DISK_ENABLED", "true");
        withDisk.put("SECRETS_CACHE_DISK_KEYSET", "file:" + keyset);
        withDisk.put("SECRETS_CACHE_DISK_DIR", dir.resolve("disk-cache").toString());
        list.add(new Variant("ours_files_disk", "ours", withDisk, runs));
        list.add(new Variant("peer_in_jvm", "peer", Map.of(), runs));
        return list;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed: " + output);
        }
    }

    /** Spawns one child and returns the nanoseconds from spawn to its READY line. */
    static long spawn(Variant v, String value) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), StartupMain.class.getName(), v.mode);
        pb.environment().keySet().removeIf(k -> k.startsWith("SECRET"));
        pb.environment().putAll(v.env);
        pb.environment().put("BENCH_EXPECTED", value);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        long t0 = System.nanoTime();
        Process p = pb.start();
        long elapsed = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.equals(StartupMain.READY)) {
                    elapsed = System.nanoTime() - t0;
                } else {
                    System.out.println("  [" + v.label + "] " + line);
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(v.label + ": the child did not exit within 60 s");
        }
        if (p.exitValue() != 0 || elapsed < 0) {
            throw new IllegalStateException(v.label + ": the child exited with " + p.exitValue() + " before READY");
        }
        return elapsed;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
