package io.github.dynamicsecrets;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Reads, watches and (where a writable provider is configured) writes secrets. The engine in
 * {@code secrets-core} implements it; {@link Secrets} is a static facade over one instance.
 * Inject this interface where you can, so tests can pass the in-memory client from
 * {@code secrets-test}.
 *
 * <p>Implementations are thread-safe. Reads of cached values never block and never call a
 * store; see the engine's documentation for refresh, stale-if-error and rotation.
 *
 * <pre>{@code
 * try (SecretsClient client = SecretsEngine.fromEnvironment()) {
 *     String password = client.getString("db/password");
 * }
 * }</pre>
 */
public interface SecretsClient extends AutoCloseable {

    /**
     * Returns the current value of a secret.
     *
     * @param name a name in the {@link SecretRef} grammar
     * @return the value
     * @throws InvalidSecretNameException if the name is malformed
     * @throws SecretNotFoundException if no provider has it
     * @throws SecretAccessDeniedException if a provider refused access
     * @throws ProviderUnavailableException if a store failed and no value fresh enough is cached
     */
    SecretValue get(String name);

    /**
     * Like {@link #get} but empty instead of {@link SecretNotFoundException}.
     *
     * @param name a name in the {@link SecretRef} grammar
     * @return the value, or empty if no provider has it
     */
    Optional<SecretValue> find(String name);

    /**
     * Shorthand for {@code get(name).asString()}.
     *
     * @param name a name in the {@link SecretRef} grammar
     * @return the value as UTF-8 text
     */
    default String getString(String name) {
        return get(name).asString();
    }

    /**
     * Reads several secrets, in bulk where the store allows (one round trip for many names).
     *
     * @param names names in the {@link SecretRef} grammar
     * @return the values by name, in the iteration order of {@code names}
     * @throws SecretsException if any name failed; its message lists each failed name with its
     *     reason and {@link Throwable#getSuppressed()} holds one exception per failed name. The
     *     names that succeeded are cached, so a retry costs only the failed ones.
     */
    Map<String, SecretValue> getAll(Collection<String> names);

    /**
     * Reads the secret from its store now, bypassing the cache, and caches the result. Listeners
     * are told if the version changed.
     *
     * @param name a name in the {@link SecretRef} grammar
     * @return the value just read
     */
    SecretValue refresh(String name);

    /**
     * Registers a listener for new versions of a secret. The secret is watched from now on,
     * even if it does not exist yet.
     *
     * @param name a name in the {@link SecretRef} grammar
     * @param listener called once per new version, in order
     * @return a handle to cancel the registration
     */
    Subscription onRotation(String name, RotationListener listener);

    /**
     * Writes a new version to the first writable provider of the chain.
     *
     * @param name a name without selectors
     * @param value the new value; copied
     * @return the value as stored, with its new version
     * @throws SecretsConfigurationException if no provider in the chain is writable
     */
    SecretValue put(String name, byte[] value);

    /**
     * Writes a text value as UTF-8; see {@link #put(String, byte[])}.
     *
     * @param name a name without selectors
     * @param value the new value
     * @return the value as stored
     */
    default SecretValue put(String name, String value) {
        return put(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Generates a random password (in the store where it can, so that no human sees it) and
     * writes it as a new version of {@code name}.
     *
     * @param name a name without selectors
     * @param policy the password rules
     * @return the value as stored
     */
    SecretValue generate(String name, PasswordPolicy policy);

    /**
     * Deletes a secret from the first writable provider that has it. Stores with a recovery
     * window keep it recoverable for that window.
     *
     * @param name a name without selectors
     * @return {@code true} if a provider had it
     */
    boolean delete(String name);

    /**
     * Stops every background thread and closes every provider. Idempotent; later calls fail
     * with {@link IllegalStateException}.
     */
    @Override
    void close();
}
