package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.SecretRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long a change takes to reach the {@link io.github.dynamicsecrets.spi.ChangeSink}:
 * from just before the kubelet's rename of {@code ..data_tmp} over {@code ..data} (or an
 * operator's rename of a plain file) to the sink's call, for each of many swaps, one at a time.
 * A program, not a test: timings belong in a measurement, not in assertions. Run as the module's
 * README says; prints median, p90, p99 and maximum in milliseconds.
 *
 * <p>Arguments: the number of measured swaps (default 500), then the number of keys in the
 * volume (default 10, one of which changes per swap).
 */
public final class SwapLatencyMeasurement {

    private static final int WARM_UP = 50;

    private SwapLatencyMeasurement() {}

    /**
     * Runs the measurement.
     *
     * @param args optional: swaps, keys
     * @throws Exception if the file system fails or a change is never reported
     */
    public static void main(String[] args) throws Exception {
        int swaps = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.printf("JDK %s, %d processors, %s %s; %d swaps after %d warm-up, %d keys%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), swaps, WARM_UP, keys);
        Path tmp = Files.createTempDirectory("swap-latency");
        try {
            report("kubelet ..data swap", volume(tmp.resolve("volume"), swaps, keys));
            report("plain file rename  ", plain(tmp.resolve("plain"), swaps, keys));
        } finally {
            KubeletVolume.deleteTree(tmp);
        }
    }

    private static long[] volume(Path root, int swaps, int keys) throws Exception {
        KubeletVolume vol = new KubeletVolume(root.resolve("db"));
        Map<String, String> payload = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            payload.put("key" + k, "initial-" + k);
        }
        vol.write(payload);
        BlockingQueue<Long> reported = new ArrayBlockingQueue<>(16);
        try (FileSecretProvider p = Providers.with(Map.of("secrets.rotation.poll", "PT1H"), root)) {
            for (int k = 0; k < keys; k++) {
                p.fetch(SecretRef.parse("db/key" + k));
            }
            p.watch(path -> reported.add(System.nanoTime()));
            long[] out = new long[swaps];
            for (int i = -WARM_UP; i < swaps; i++) {
                payload.put("key0", "value-" + i);
                vol.write(payload);
                long latency = await(reported) - vol.lastRenameNanos();
                if (i >= 0) {
                    out[i] = latency;
                }
            }
            return out;
        }
    }

    private static long[] plain(Path root, int swaps, int keys) throws Exception {
        Files.createDirectories(root.resolve("db"));
        for (int k = 0; k < keys; k++) {
            Files.writeString(root.resolve("db/key" + k), "initial-" + k);
        }
        BlockingQueue<Long> reported = new ArrayBlockingQueue<>(16);
        try (FileSecretProvider p = Providers.with(Map.of("secrets.rotation.poll", "PT1H"), root)) {
            for (int k = 0; k < keys; k++) {
                p.fetch(SecretRef.parse("db/key" + k));
            }
            p.watch(path -> reported.add(System.nanoTime()));
            long[] out = new long[swaps];
            Path file = root.resolve("db/key0");
            Path tmp = root.resolve("db/.key0.tmp");
            for (int i = -WARM_UP; i < swaps; i++) {
                Files.writeString(tmp, "value-" + i);
                long before = System.nanoTime();
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                long latency = await(reported) - before;
                if (i >= 0) {
                    out[i] = latency;
                }
            }
            return out;
        }
    }

    private static long await(BlockingQueue<Long> reported) throws InterruptedException, IOException {
        Long at = reported.poll(30, TimeUnit.SECONDS);
        if (at == null) {
            throw new IOException("a change was not reported within 30 s");
        }
        return at;
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s  median %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms  (n=%d)%n", what,
                ms(percentile(sorted, 50)), ms(percentile(sorted, 90)), ms(percentile(sorted, 99)),
                ms(sorted[sorted.length - 1]), sorted.length);
    }

    /** Nearest-rank percentile. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
