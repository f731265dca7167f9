package io.github.dynamicsecrets.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Cold herd: N threads ask at the same moment for one name that is not cached yet, from a store
 * that takes 20 ms to answer. Records how many store calls that made and how long the slowest
 * caller waited, for our client and for AWS's cache, for N = 1, 2, 4, ... 64.
 *
 * <p>Each repetition uses a new name, so it is cold on both sides, while the JVM stays warm.
 * The callers are pool threads parked on a latch, released together; each caller's wait runs from
 * its own release to its answer. The first repetitions of every N are discarded as warm-up.
 *
 * <pre>java -cp benchmarks.jar io.github.dynamicsecrets.benchmarks.ColdHerd OUT.json [reps]</pre>
 */
public final class ColdHerd {

    static final Duration LATENCY = Duration.ofMillis(20);
    static final int[] HERD_SIZES = {1, 2, 4, 8, 16, 32, 64};
    static final int WARMUP_REPS = 3;

    private ColdHerd() {}

    /**
     * Runs the measurement and writes the results.
     *
     * @param args the output file, and optionally the measured repetitions per herd size (100)
     * @throws Exception if a caller fails or the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/results/herd.json");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("latency_ms", LATENCY.toMillis());
        results.put("reps", reps);
        results.put("ours", measure(() -> Contender.ours(LATENCY, Duration.ofMinutes(5)), reps));
        results.put("peer", measure(() -> Contender.peer(LATENCY, Duration.ofMinutes(5)), reps));
        Stats.writeJson(out, results);
        System.out.println("cold herd: wrote " + out);
    }

    static List<Map<String, Object>> measure(Supplier<Contender> side, int reps) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(HERD_SIZES[HERD_SIZES.length - 1]);
        try (Contender c = side.get()) {
            for (int n : HERD_SIZES) {
                long[] calls = new long[reps];
                long[] slowest = new long[reps];
                for (int r = -WARMUP_REPS; r < reps; r++) {
                    long[] one = herd(c, pool, n, "herd/" + n + "/" + (r + WARMUP_REPS));
                    if (r >= 0) {
                        calls[r] = one[0];
                        slowest[r] = one[1];
                    }
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("threads", n);
                row.put("store_calls_median", Stats.percentile(calls, 50));
                row.put("store_calls_max", Stats.percentile(calls, 100));
                row.put("slowest_wait", Stats.millis(slowest));
                row.put("round_trips", Math.round(10.0 * Stats.percentile(slowest, 50) / LATENCY.toNanos()) / 10.0);
                rows.add(row);
                System.out.printf("cold herd %-4s N=%-2d store calls %d..%d, slowest wait median %.1f ms%n",
                        c.label(), n, Stats.percentile(calls, 0.001), Stats.percentile(calls, 100),
                        Stats.ms(Stats.percentile(slowest, 50)));
            }
        } finally {
            pool.shutdownNow();
        }
        return rows;
    }

    /** One herd of {@code n} on a fresh name: {store calls it caused, slowest caller's wait in ns}. */
    static long[] herd(Contender c, ExecutorService pool, int n, String name) throws Exception {
        String expected = Sides.value(name, 1);
        c.put(name, expected);
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> waits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            waits.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                long t0 = System.nanoTime();
                Object got = c.read(name);
                long wait = System.nanoTime() - t0;
                if (!expected.equals(c.text(got))) {
                    throw new IllegalStateException(c.label() + " answered a wrong value for " + name);
                }
                return wait;
            }));
        }
        ready.await();
        long before = c.storeCalls();
        go.countDown();
        long slowest = 0;
        for (Future<Long> w : waits) {
            slowest = Math.max(slowest, w.get());
        }
        return new long[] {c.storeCalls() - before, slowest};
    }
}
