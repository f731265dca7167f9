package io.github.dynamicsecrets.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One side of a measurement program: a store with a round-trip latency, and the cache that reads
 * it. Implementations are thread-safe.
 */
interface Contender extends AutoCloseable {

    /** A short label used in the results, such as {@code ours}. */
    String label();

    /** Creates or rotates a secret in the store, as an operator would; not a counted store call. */
    void put(String name, String value);

    /** Reads through the cache; returns what the cache hands out, unconverted. */
    Object read(String name);

    /** The text of something {@link #read} returned, to check it. */
    String text(Object read);

    /** Calls the cache has made to the store so far. */
    long storeCalls();

    @Override
    void close();

    /** Our client over {@link InMemorySecretProvider}; counts fetches and version checks. */
    static Contender ours(Duration latency, Duration refresh) {
        InMemorySecretProvider store = new InMemorySecretProvider();
        store.setLatency(latency);
        SecretsClient client = Sides.ours(store, refresh);
        return new Contender() {
            @Override public String label() { return "ours"; }
            @Override public void put(String name, String value) { store.put(name, value); }
            @Override public Object read(String name) { return client.get(name); }
            @Override public String text(Object read) { return ((SecretValue) read).asString(); }
            @Override public long storeCalls() {
                return store.fetchCount() + store.versionCount() + store.bulkFetchCount();
            }
            @Override public void close() { client.close(); }
        };
    }

    /** AWS's cache over {@link InMemorySecretsManager}; counts DescribeSecret and GetSecretValue. */
    static Contender peer(Duration latency, Duration ttl) {
        InMemorySecretsManager sm = new InMemorySecretsManager();
        sm.setLatency(latency);
        SecretCache cache = Sides.peer(sm, ttl);
        return new Contender() {
            @Override public String label() { return "peer"; }
            @Override public void put(String name, String value) { sm.put(name, value); }
            @Override public Object read(String name) { return cache.getSecretString(name); }
            @Override public String text(Object read) { return (String) read; }
            @Override public long storeCalls() { return sm.calls(); }
            @Override public void close() { cache.close(); }
        };
    }

    /** A ConcurrentHashMap that nothing refreshes: what the machine itself adds to a read. */
    static Contender floor() {
        ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
        return new Contender() {
            @Override public String label() { return "floor"; }
            @Override public void put(String name, String value) { map.put(name, value); }
            @Override public Object read(String name) { return map.get(name); }
            @Override public String text(Object read) { return (String) read; }
            @Override public long storeCalls() { return 0; }
            @Override public void close() {}
        };
    }
}
