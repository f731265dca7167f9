package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.spi.SecretProviderFactory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Creates {@link SecretsClient}s: the engine behind {@link io.github.dynamicsecrets.Secrets}.
 *
 * <pre>{@code
 * // As Secrets.get does it: system properties, SECRETS_* variables, SECRETS_CONFIG, secrets.properties.
 * try (SecretsClient client = SecretsEngine.fromEnvironment()) {
 *     String password = client.getString("db/password");
 * }
 *
 * // Explicit, for DI containers and tests:
 * SecretsClient client = SecretsEngine.builder()
 *         .property("secrets.chain", "file")
 *         .property("secrets.provider.file.roots", "/run/secrets")
 *         .property("secrets.cache.refresh", "PT1M")
 *         .build();
 * }</pre>
 *
 * <h2>What a client does</h2>
 * <ul>
 *   <li><b>Chain.</b> Providers are asked in the configured order; the first that has the secret
 *       answers. A provider that cannot represent a name is skipped; one that fails stops the walk
 *       (a later provider might hold a different secret of the same name).</li>
 *   <li><b>Cache.</b> Answers are kept in memory (Caffeine, at most {@code secrets.cache.max-size}
 *       names). A hit never blocks, never reads the clock and never calls a store. Concurrent misses
 *       for one secret make exactly one store call. "Not found" is remembered for
 *       {@code secrets.cache.negative-ttl}.</li>
 *   <li><b>Refresh.</b> Every cached secret is read again in the background every
 *       {@code secrets.cache.refresh} (less up to 10 % jitter); callers never wait for it.</li>
 *   <li><b>Stale-if-error.</b> When a store fails, the last good value keeps being served, marked
 *       {@link io.github.dynamicsecrets.SecretValue#isStale() stale}, with a warning on the audit
 *       log, and the store is retried with exponential backoff (1 s doubling, capped at the refresh
 *       interval, with jitter). Once the last good value is older than
 *       {@code secrets.cache.max-stale}, reads fail with
 *       {@link io.github.dynamicsecrets.ProviderUnavailableException} until the store answers.</li>
 *   <li><b>Rotation.</b> Every {@code secrets.rotation.poll} the engine asks each provider, in one
 *       batched call, for the versions of the secrets it serves, and reloads those that changed;
 *       providers that push changes (files) are not polled. A new version replaces the cached
 *       value atomically. Each listener gets each new version exactly once, in order, on its own
 *       serial lane, so a slow or throwing listener delays nobody else.</li>
 *   <li><b>Audit.</b> The logger {@code io.github.dynamicsecrets.audit} records loads, rotations,
 *       writes and failures with name, provider, version and outcome; never a value.</li>
 * </ul>
 *
 * <p>Clients are thread-safe. Each owns a few daemon threads ({@code dynamic-secrets-*}) that
 * {@link SecretsClient#close()} stops, and it closes its providers.
 */
public final class SecretsEngine {

    private SecretsEngine() {}

    /**
     * A client configured from the environment, exactly as {@link io.github.dynamicsecrets.Secrets}
     * creates its own.
     *
     * @return a new client; close it when done
     * @throws io.github.dynamicsecrets.SecretsConfigurationException if the configuration is wrong
     */
    public static SecretsClient fromEnvironment() {
        return builder().environment().build();
    }

    /**
     * Starts an explicit configuration. Without {@link Builder#environment()} only the properties
     * given to the builder count.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configures a client. Each setting may be given once; a second call fails and says what
     * conflicts. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, SecretProvider> providers = new LinkedHashMap<>();
        private boolean environment;
        private Clock clock;
        private ClassLoader classLoader;
        private boolean built;

        private Builder() {}

        /**
         * Sets one key; explicit keys win over every environment layer.
         *
         * @param key a dotted key such as {@code secrets.cache.refresh}
         * @param value its value
         * @return this builder
         * @throws IllegalStateException if the key was already set
         */
        public Builder property(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            String normal = key.toLowerCase(java.util.Locale.ROOT).replace('-', '.').replace('_', '.');
            for (String existing : properties.keySet()) {
                if (existing.toLowerCase(java.util.Locale.ROOT).replace('-', '.').replace('_', '.').equals(normal)) {
                    throw new IllegalStateException("property " + key + " was already set (as " + existing + ")");
                }
            }
            properties.put(key, value);
            return this;
        }

        /**
         * Sets several keys; see {@link #property}.
         *
         * @param values keys and values
         * @return this builder
         */
        public Builder properties(Map<String, String> values) {
            values.forEach(this::property);
            return this;
        }

        /**
         * Also reads, below the explicit keys: system properties, {@code SECRETS_*} environment
         * variables, the file named by {@code SECRETS_CONFIG}, and {@code secrets.properties} on the
         * class path, in that order of precedence.
         *
         * @return this builder
         */
        public Builder environment() {
            if (environment) {
                throw new IllegalStateException("environment() was already called");
            }
            environment = true;
            return this;
        }

        /**
         * Uses a ready provider under {@code name}, instead of any factory of that name. Lets
         * applications pass a client they built themselves (for example their own
         * {@code SecretsManagerClient}). The client closes it when it is closed.
         *
         * @param name the name used in {@code secrets.chain}
         * @param provider the provider
         * @return this builder
         * @throws IllegalStateException if a provider of that name was already given
         */
        public Builder provider(String name, SecretProvider provider) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(provider, "provider");
            if (providers.putIfAbsent(name, provider) != null) {
                throw new IllegalStateException("a provider named '" + name + "' was already given");
            }
            return this;
        }

        /**
         * The clock used to judge ages (max-stale, negative-ttl); defaults to the system clock.
         * Scheduling always uses real time.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            if (this.clock != null) {
                throw new IllegalStateException("clock was already set");
            }
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where to look for provider factories and {@code secrets.properties}; defaults to this
         * library's class loader.
         *
         * @param loader the class loader
         * @return this builder
         */
        public Builder classLoader(ClassLoader loader) {
            if (this.classLoader != null) {
                throw new IllegalStateException("classLoader was already set");
            }
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Builds the client: reads the configuration, builds the selected providers, starts
         * watching and polling.
         *
         * @return the client
         * @throws io.github.dynamicsecrets.SecretsConfigurationException if the configuration is
         *     wrong; the message names the key, the value and what would be valid
         * @throws IllegalStateException if this builder already built a client
         */
        public SecretsClient build() {
            if (built) {
                throw new IllegalStateException("build() was already called; use a new builder");
            }
            built = true;
            ClassLoader loader = classLoader != null ? classLoader : SecretsEngine.class.getClassLoader();
            Map<String, String> merged = new LinkedHashMap<>();
            if (environment) {
                Map<String, String> env = System.getenv();
                merged.putAll(ConfigSources.fromClasspath(loader));
                merged.putAll(ConfigSources.fromConfigFile(env));
                merged.putAll(ConfigSources.fromEnvironment(env));
                merged.putAll(ConfigSources.fromSystemProperties(System.getProperties()));
            }
            merged.putAll(properties);
            ProviderConfig root = ProviderConfig.of("secrets.", merged);
            EngineSettings settings = EngineSettings.from(root, java.util.List.copyOf(providers.keySet()));
            DiskCache disk = DiskCaches.create(root, loader); // before providers: a bad key must not leak them
            Map<String, SecretProviderFactory> factories = ProviderResolver.discover(loader);
            ProviderResolver.Resolved resolved = ProviderResolver.resolve(settings, factories, providers);
            ProviderChain chain = new ProviderChain(resolved.names, resolved.providers);
            EngineCore core = new EngineCore(settings, chain, clock != null ? clock : Clock.systemUTC(),
                    disk);
            return new SecretsEngineClient(core);
        }
    }
}
