package io.github.dynamicsecrets;

import io.github.dynamicsecrets.spi.EngineProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The one-line way to read a secret. A static facade over one process-wide {@link SecretsClient}
 * that is created from the environment on first use, much as SLF4J binds to its provider: the
 * engine ({@code io.github.dynamicsecrets:secrets-core}) is found with {@link ServiceLoader},
 * and the environment (system properties, {@code SECRETS_*} variables, a properties file) picks
 * the chain of providers that answer.
 *
 * <pre>{@code
 * // With secrets-core and secrets-provider-file on the class path, and SECRETS_CHAIN=file and
 * // SECRETS_PROVIDER_FILE_ROOTS=/run/secrets in the environment (or the same as system properties):
 * String password = Secrets.get("db/password").asString();
 * Optional<SecretValue> token = Secrets.find("api/token");
 * try (Subscription s = Secrets.onRotation("db/password",
 *         rotation -> System.out.println("now at version " + rotation.current().version()))) {
 *     // ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. The first call initialises the client once, under a lock; later calls read a
 * volatile field and go straight to the client's cache. Applications using dependency injection
 * should inject a {@link SecretsClient} instead; the Spring Boot starter binds this facade to
 * the application's client.
 */
public final class Secrets {

    static final String CORE_ARTIFACT = "io.github.dynamicsecrets:secrets-core";

    private static final Object LOCK = new Object();
    private static volatile SecretsClient client;

    private Secrets() {}

    /**
     * The current value of a secret.
     *
     * @param name a name such as {@code db/password}, {@code db/creds#password} or
     *     {@code db/password@3}
     * @return the value
     * @throws SecretNotFoundException if no provider in the chain has it
     * @throws SecretsConfigurationException if no engine is on the class path or the
     *     configuration is wrong
     * @see SecretsClient#get(String)
     */
    public static SecretValue get(String name) {
        return client().get(name);
    }

    /**
     * The current value of a secret, or empty if no provider has it.
     *
     * @param name a name in the {@link SecretRef} grammar
     * @return the value or empty
     * @see SecretsClient#find(String)
     */
    public static Optional<SecretValue> find(String name) {
        return client().find(name);
    }

    /**
     * The current value of a secret as UTF-8 text.
     *
     * @param name a name in the {@link SecretRef} grammar
     * @return the value as text
     * @see SecretsClient#getString(String)
     */
    public static String getString(String name) {
        return client().getString(name);
    }

    /**
     * Registers a listener for new versions of a secret.
     *
     * @param name a name in the {@link SecretRef} grammar
     * @param listener called once per new version, in order
     * @return a handle to cancel the registration
     * @see SecretsClient#onRotation(String, RotationListener)
     */
    public static Subscription onRotation(String name, RotationListener listener) {
        return client().onRotation(name, listener);
    }

    /**
     * The process-wide client, created from the environment on first call.
     *
     * @return the client
     * @throws SecretsConfigurationException if no engine is on the class path (the message
     *     names the artifact to add) or the configuration is wrong
     */
    public static SecretsClient client() {
        SecretsClient c = client;
        if (c != null) {
            return c;
        }
        synchronized (LOCK) {
            if (client == null) {
                client = loadEngine(Secrets.class.getClassLoader()).createFromEnvironment();
            }
            return client;
        }
    }

    /**
     * Binds the facade to a client created elsewhere, for example by a DI container. Set once:
     * fails if the facade already has a client.
     *
     * @param secretsClient the client the facade will use
     * @throws IllegalStateException if a client is already bound
     */
    public static void set(SecretsClient secretsClient) {
        java.util.Objects.requireNonNull(secretsClient, "secretsClient");
        synchronized (LOCK) {
            if (client != null) {
                throw new IllegalStateException("Secrets already has a client (" + client.getClass().getName()
                        + "); set() must be called before the first use of Secrets, and only once");
            }
            client = secretsClient;
        }
    }

    /**
     * Unbinds the facade and returns the client it had, without closing it. For tests only:
     * production code has no reason to call it.
     *
     * @return the client that was bound, or {@code null}
     */
    public static SecretsClient resetForTesting() {
        synchronized (LOCK) {
            SecretsClient c = client;
            client = null;
            return c;
        }
    }

    static EngineProvider loadEngine(ClassLoader loader) {
        List<EngineProvider> found = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class, loader).forEach(found::add);
        if (found.isEmpty()) {
            throw new SecretsConfigurationException(null,
                    "No secrets engine found on the class path: add the dependency " + CORE_ARTIFACT
                            + " (secrets-api holds only the interfaces)");
        }
        if (found.size() > 1) {
            List<String> names = new ArrayList<>();
            found.forEach(e -> names.add(e.getClass().getName()));
            throw new SecretsConfigurationException(null,
                    "More than one secrets engine on the class path: " + names + "; keep exactly one");
        }
        return found.get(0);
    }
}
