package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.spi.SecretProviderFactory;

/**
 * Registers the {@code aws} provider (AWS Secrets Manager) with the engine. Listed in
 * {@code META-INF/services}; the engine calls {@link #create} only when {@code aws} is in the
 * configured chain, so an unused installation needs no credentials and makes no call.
 */
public final class AwsSecretsProviderFactory implements SecretProviderFactory {

    /** Creates the factory; called by {@link java.util.ServiceLoader}. */
    public AwsSecretsProviderFactory() {}

    /** @return {@code aws} */
    @Override
    public String name() {
        return AwsSecretsProvider.NAME;
    }

    /**
     * Creates the provider from {@code secrets.provider.aws.*}; see
     * {@link AwsSecretsProvider#create(ProviderConfig)}.
     */
    @Override
    public SecretProvider create(ProviderConfig config) {
        return AwsSecretsProvider.create(config);
    }
}
