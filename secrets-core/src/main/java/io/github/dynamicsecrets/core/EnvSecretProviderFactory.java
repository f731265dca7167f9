package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.spi.SecretProviderFactory;

/**
 * The built-in {@code env} provider; see the configuration reference. Key:
 * {@code secrets.provider.env.prefix} (default {@code SECRET_}).
 */
public final class EnvSecretProviderFactory implements SecretProviderFactory {

    /** Creates the factory; ServiceLoader calls this. */
    public EnvSecretProviderFactory() {}

    @Override
    public String name() {
        return "env";
    }

    @Override
    public SecretProvider create(ProviderConfig config) {
        return new EnvSecretProvider(config.getString("prefix", "SECRET_"), System.getenv());
    }
}
