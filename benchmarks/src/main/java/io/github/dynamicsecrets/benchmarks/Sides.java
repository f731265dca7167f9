package io.github.dynamicsecrets.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.amazonaws.secretsmanager.caching.SecretCacheConfiguration;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.core.SecretsEngine;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import java.time.Duration;
import java.util.Map;

/** Builds the two sides compared in every measurement, configured alike. */
final class Sides {

    /** The length of every secret value: a database password. */
    static final int VALUE_LENGTH = 32;

    private Sides() {}

    /**
     * Our client over an in-memory store, with nothing else in the chain. The rotation poll is
     * pushed out of the way (an hour) so that only the measured behaviour calls the store.
     */
    static SecretsClient ours(InMemorySecretProvider store, Duration refresh) {
        return SecretsEngine.builder()
                .provider(InMemorySecretProvider.DEFAULT_NAME, store)
                .properties(Map.of(
                        "secrets.cache.refresh", refresh.toString(),
                        "secrets.rotation.poll", "PT1H"))
                .build();
    }

    /**
     * AWS's cache over an in-JVM Secrets Manager, everything at its defaults except the item TTL
     * (its equivalent of our refresh interval).
     */
    static SecretCache peer(InMemorySecretsManager sm, Duration ttl) {
        return new SecretCache(new SecretCacheConfiguration().withClient(sm).withCacheItemTTL(ttl.toMillis()));
    }

    /** {@code count} distinct names under {@code prefix}, such as {@code bench/hot/3}. */
    static String[] names(String prefix, int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = prefix + "/" + i;
        }
        return names;
    }

    /** A value that differs per name and per version, never printed. */
    static String value(String name, int version) {
        StringBuilder sb = new StringBuilder(VALUE_LENGTH);
        long seed = name.hashCode() * 31L + version;
        while (sb.length() < VALUE_LENGTH) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            sb.append(Long.toString(seed >>> 1, 36));
        }
        return sb.substring(0, VALUE_LENGTH);
    }
}
