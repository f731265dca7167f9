package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The engine's own keys, typed and validated once at start-up. */
final class EngineSettings {

    static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
    static final Duration DEFAULT_MAX_STALE = Duration.ofHours(24);
    static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(30);
    static final long DEFAULT_MAX_SIZE = 10_000;
    static final Duration DEFAULT_POLL = Duration.ofMinutes(1);
    static final List<String> DEFAULT_CHAIN = List.of("env", "file");

    final ProviderConfig root;
    final String environment;
    /** The key the chain came from, for messages; null when the default chain is used. */
    final String chainKey;
    final List<String> chain;
    final Duration refresh;
    final Duration maxStale;
    final Duration negativeTtl;
    final long maxSize;
    final Duration poll;

    private EngineSettings(ProviderConfig root, String environment, String chainKey, List<String> chain) {
        this.root = root;
        this.environment = environment;
        this.chainKey = chainKey;
        this.chain = chain;
        this.refresh = positive(root, "cache.refresh", DEFAULT_REFRESH);
        this.maxStale = root.getDuration("cache.max-stale", DEFAULT_MAX_STALE);
        this.negativeTtl = root.getDuration("cache.negative-ttl", DEFAULT_NEGATIVE_TTL);
        this.poll = root.getDuration("rotation.poll", DEFAULT_POLL);
        long size = root.getLong("cache.max-size", DEFAULT_MAX_SIZE);
        if (size < 1) {
            throw root.invalid("cache.max-size", String.valueOf(size), "a whole number of at least 1");
        }
        this.maxSize = size;
    }

    /**
     * Reads the settings. The chain is {@code secrets.chain.<env>} when {@code secrets.env} is
     * set, else {@code secrets.chain}, else the default; instance names stand in for the default.
     */
    static EngineSettings from(ProviderConfig root, List<String> instanceNames) {
        Optional<String> env = root.get("env");
        String chainKey;
        Optional<String> chainValue;
        if (env.isPresent()) {
            chainKey = "chain." + env.get();
            chainValue = root.get(chainKey);
            if (chainValue.isEmpty()) {
                String full = root.fullKey(chainKey);
                throw new SecretsConfigurationException(full, "secrets.env is '" + env.get() + "' but " + full
                        + " is not set: set it to the providers for that environment, in order, for example "
                        + full + "=file");
            }
        } else {
            chainKey = "chain";
            chainValue = root.get(chainKey);
        }
        List<String> chain;
        String usedKey;
        if (chainValue.isPresent()) {
            chain = root.getList(chainKey);
            usedKey = root.fullKey(chainKey);
            if (chain.isEmpty()) {
                throw new SecretsConfigurationException(usedKey, "Invalid value '" + chainValue.get() + "' for "
                        + usedKey + ": the chain is empty; list at least one provider, for example " + usedKey + "=file");
            }
        } else {
            chain = instanceNames.isEmpty() ? DEFAULT_CHAIN : List.copyOf(instanceNames);
            usedKey = null;
        }
        return new EngineSettings(root, env.orElse(null), usedKey, chain);
    }

    private static Duration positive(ProviderConfig root, String key, Duration def) {
        Duration d = root.getDuration(key, def);
        if (d.isZero()) {
            throw root.invalid(key, root.get(key).orElse("0"), "a duration greater than zero such as PT5M, 30s or 500ms");
        }
        return d;
    }

    /** Whether a missing provider may be skipped: only names of the built-in default chain. */
    boolean isDefaultChain() {
        return chainKey == null;
    }
}
