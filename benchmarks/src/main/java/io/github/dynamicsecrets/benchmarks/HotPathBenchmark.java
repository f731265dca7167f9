package io.github.dynamicsecrets.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.Secrets;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A warm read, side by side: our client (directly and through the {@link Secrets} facade), AWS's
 * caching client over an in-JVM Secrets Manager, a bare Caffeine {@link LoadingCache} (the
 * physical limit of a cached lookup) and a {@link ConcurrentHashMap} (the floor). Every value is
 * loaded before measuring, so no store is called. Run with {@code -t 1} and {@code -t 2}, and
 * {@code -prof gc} for the bytes allocated per read.
 *
 * <p>Each thread walks the names with its own counter ({@code names[i++ & mask]}), so picking a
 * name costs the same on every side and allocates nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class HotPathBenchmark {

    /** How many names are read in turn: one hot name, or sixteen. */
    @Param({"1", "16"})
    public int names;

    private String[] keys;
    private int mask;
    private SecretsClient ours;
    private SecretCache peer;
    private LoadingCache<String, String> caffeine;
    private ConcurrentHashMap<String, String> map;

    /** Per-thread position in the list of names. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** Builds every side once and loads every name into each, so each read is a hit. */
    @Setup(Level.Trial)
    public void setUp() {
        if (Integer.bitCount(names) != 1) {
            throw new IllegalArgumentException("names must be a power of two, was " + names);
        }
        keys = Sides.names("bench/hot", names);
        mask = names - 1;
        InMemorySecretProvider store = new InMemorySecretProvider();
        InMemorySecretsManager sm = new InMemorySecretsManager();
        map = new ConcurrentHashMap<>();
        for (String k : keys) {
            String v = Sides.value(k, 1);
            store.put(k, v);
            sm.put(k, v);
            map.put(k, v);
        }
        ours = Sides.ours(store, Duration.ofMinutes(5));
        peer = Sides.peer(sm, Duration.ofMinutes(5));
        caffeine = Caffeine.newBuilder().maximumSize(10_000).build(map::get);
        Secrets.resetForTesting();
        Secrets.set(ours);
        for (String k : keys) {
            check(k, ours.get(k).asString());
            check(k, Secrets.get(k).asString());
            check(k, peer.getSecretString(k));
            check(k, caffeine.get(k));
        }
    }

    private void check(String name, String got) {
        if (!map.get(name).equals(got)) {
            throw new IllegalStateException("a side answered a wrong value for " + name);
        }
    }

    /** Closes our client and unbinds the facade. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Secrets.resetForTesting();
        ours.close();
        peer.close();
    }

    private String name(Cursor c) {
        return keys[c.next++ & mask];
    }

    /**
     * {@code SecretsClient.get}: our hot path.
     *
     * @param c the thread's cursor
     * @return the value, for JMH to consume
     */
    @Benchmark
    public SecretValue oursGet(Cursor c) {
        return ours.get(name(c));
    }

    /**
     * {@code Secrets.get}: the static facade, one volatile read more.
     *
     * @param c the thread's cursor
     * @return the value, for JMH to consume
     */
    @Benchmark
    public SecretValue oursFacadeGet(Cursor c) {
        return Secrets.get(name(c));
    }

    /**
     * {@code SecretsClient.getString}: the hit plus decoding the bytes into a new String, which
     * the peer does not do (it hands out the String it cached).
     *
     * @param c the thread's cursor
     * @return the value, for JMH to consume
     */
    @Benchmark
    public String oursGetString(Cursor c) {
        return ours.getString(name(c));
    }

    /**
     * AWS's {@code SecretCache.getSecretString}.
     *
     * @param c the thread's cursor
     * @return the value, for JMH to consume
     */
    @Benchmark
    public String peerGetSecretString(Cursor c) {
        return peer.getSecretString(name(c));
    }

    /**
     * A bare Caffeine {@code LoadingCache.get} hit, bounded like our cache.
     *
     * @param c the thread's cursor
     * @return the value, for JMH to consume
     */
    @Benchmark
    public String caffeineGet(Cursor c) {
        return caffeine.get(name(c));
    }

    /**
     * {@code ConcurrentHashMap.get}: the floor for any cached lookup.
     *
     * @param c the thread's cursor
     * @return the value, for JMH to consume
     */
    @Benchmark
    public String concurrentHashMapGet(Cursor c) {
        return map.get(name(c));
    }
}
