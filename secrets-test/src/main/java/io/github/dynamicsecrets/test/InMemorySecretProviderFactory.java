package io.github.dynamicsecrets.test;

import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.spi.SecretProviderFactory;

/**
 * Registers {@link InMemorySecretProvider} under the name {@value InMemorySecretProvider#DEFAULT_NAME},
 * so {@code secrets.chain=memory} works with the test kit on the class path.
 *
 * <p>Each {@link #create} returns a new, empty, separate store: two clients never share data
 * through it, and a test has no handle on a store created this way. To seed or control the
 * store, create an {@link InMemorySecretProvider} yourself and hand the instance to the engine
 * ({@code SecretsEngine.builder().provider("memory", store)}), or use {@link SecretsExtension}.
 * The factory reads no configuration keys.
 */
public final class InMemorySecretProviderFactory implements SecretProviderFactory {

    /** Called by {@link java.util.ServiceLoader}. */
    public InMemorySecretProviderFactory() {}

    /**
     * The provider name.
     *
     * @return {@value InMemorySecretProvider#DEFAULT_NAME}
     */
    @Override
    public String name() {
        return InMemorySecretProvider.DEFAULT_NAME;
    }

    /**
     * Creates a new empty store.
     *
     * @param config ignored
     * @return a new {@link InMemorySecretProvider} named {@value InMemorySecretProvider#DEFAULT_NAME}
     */
    @Override
    public SecretProvider create(ProviderConfig config) {
        return new InMemorySecretProvider(InMemorySecretProvider.DEFAULT_NAME);
    }
}
