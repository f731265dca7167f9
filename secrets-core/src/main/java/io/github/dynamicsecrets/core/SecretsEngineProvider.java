package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.spi.EngineProvider;
import io.github.dynamicsecrets.spi.SecretProvider;
import java.util.Map;

/** Binds {@link io.github.dynamicsecrets.Secrets} to this engine; registered for ServiceLoader. */
public final class SecretsEngineProvider implements EngineProvider {

    /** Creates the binding; ServiceLoader calls this. */
    public SecretsEngineProvider() {}

    @Override
    public SecretsClient createFromEnvironment() {
        return SecretsEngine.fromEnvironment();
    }

    @Override
    public SecretsClient create(Map<String, String> properties, Map<String, SecretProvider> providers) {
        SecretsEngine.Builder b = SecretsEngine.builder().properties(properties);
        providers.forEach(b::provider);
        return b.build();
    }
}
