package io.github.dynamicsecrets.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Refresh stall: two readers read continuously (one read every 0.1 ms or so each, cycling through
 * 16 names) while the cache refreshes its entries every second
 * from a store that takes 20 ms to answer, and the store rotates every secret every two seconds.
 * Counts the reads that took over 10 ms: a refresh that makes a reader wait shows up there.
 *
 * <p>Sides: ours ({@code secrets.cache.refresh=PT1S}), AWS's cache ({@code cacheItemTTL} 1 000 ms,
 * which it turns into a random refresh time between 0.5 and 1 s), and a ConcurrentHashMap that
 * nothing refreshes, which shows the slow reads the machine causes by itself (descheduling, GC).
 *
 * <pre>java -cp benchmarks.jar io.github.dynamicsecrets.benchmarks.RefreshStall OUT.json [seconds]</pre>
 */
public final class RefreshStall {

    static final Duration LATENCY = Duration.ofMillis(20);
    static final Duration REFRESH = Duration.ofSeconds(1);
    static final Duration ROTATE_EVERY = Duration.ofSeconds(2);
    static final long SLOW_NANOS = Duration.ofMillis(10).toNanos();
    static final int NAMES = 16;
    static final int READERS = 2;
    /**
     * The pause between two reads of one reader. Without it the readers would fill both cores, and
     * every time the OS took a core away the read in progress would be counted as slow, on every
     * side alike; with it a read (well under a microsecond) is rarely the thing interrupted, while
     * a reader still comes back to each name every few milliseconds, so a refresh that blocks
     * readers for 20 ms cannot be missed.
     */
    static final long PAUSE_NANOS = 100_000;

    private RefreshStall() {}

    /**
     * Runs the measurement and writes the results.
     *
     * @param args the output file, and optionally the seconds each side is measured (10)
     * @throws Exception if a reader fails or the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/results/stall.json");
        Duration run = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("latency_ms", LATENCY.toMillis());
        results.put("refresh_ms", REFRESH.toMillis());
        results.put("rotate_every_ms", ROTATE_EVERY.toMillis());
        results.put("names", NAMES);
        results.put("readers", READERS);
        results.put("pause_us", PAUSE_NANOS / 1_000);
        results.put("seconds", run.toSeconds());
        results.put("ours", measure(() -> Contender.ours(LATENCY, REFRESH), run));
        results.put("peer", measure(() -> Contender.peer(LATENCY, REFRESH), run));
        results.put("floor", measure(Contender::floor, run));
        Stats.writeJson(out, results);
        System.out.println("refresh stall: wrote " + out);
    }

    /** What one reader saw. */
    static final class Tally {
        long reads;
        long over1ms;
        long over10ms;
        long maxNanos;
    }

    static Map<String, Object> measure(Supplier<Contender> side, Duration run) throws Exception {
        String[] names = Sides.names("stall", NAMES);
        try (Contender c = side.get()) {
            int[] version = {1};
            for (String n : names) {
                c.put(n, Sides.value(n, 1));
                c.read(n); // cached before the clock starts: only refreshes remain
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Tally> tallies = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                Tally t = new Tally();
                tallies.add(t);
                int offset = r * 7;
                readers.add(new Thread(() -> read(c, names, offset, stop, t), "reader-" + r));
            }
            long before = c.storeCalls();
            readers.forEach(Thread::start);
            long end = System.nanoTime() + run.toNanos();
            long nextRotation = System.nanoTime() + ROTATE_EVERY.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(10);
                if (System.nanoTime() >= nextRotation) {
                    version[0]++;
                    for (String n : names) {
                        c.put(n, Sides.value(n, version[0]));
                    }
                    nextRotation += ROTATE_EVERY.toNanos();
                }
            }
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
            long calls = c.storeCalls() - before;
            Tally sum = new Tally();
            for (Tally t : tallies) {
                sum.reads += t.reads;
                sum.over1ms += t.over1ms;
                sum.over10ms += t.over10ms;
                sum.maxNanos = Math.max(sum.maxNanos, t.maxNanos);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reads", sum.reads);
            m.put("reads_over_10ms", sum.over10ms);
            m.put("reads_over_1ms", sum.over1ms);
            m.put("max_read_ms", Stats.ms(sum.maxNanos));
            m.put("store_calls", calls);
            m.put("rotations", version[0] - 1);
            System.out.printf("refresh stall %-5s reads %d, over 10 ms %d, over 1 ms %d, max %.1f ms, store calls %d%n",
                    c.label(), sum.reads, sum.over10ms, sum.over1ms, Stats.ms(sum.maxNanos), calls);
            return m;
        }
    }

    private static void read(Contender c, String[] names, int offset, AtomicBoolean stop, Tally t) {
        int i = offset;
        while (!stop.get()) {
            String name = names[i++ & (NAMES - 1)];
            long t0 = System.nanoTime();
            Object got = c.read(name);
            long d = System.nanoTime() - t0;
            if (got == null) {
                throw new IllegalStateException(c.label() + " answered nothing for " + name);
            }
            t.reads++;
            if (d > 1_000_000) {
                t.over1ms++;
                if (d > SLOW_NANOS) {
                    t.over10ms++;
                }
            }
            if (d > t.maxNanos) {
                t.maxNanos = d;
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }
}
