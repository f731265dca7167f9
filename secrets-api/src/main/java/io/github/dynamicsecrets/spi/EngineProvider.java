package io.github.dynamicsecrets.spi;

import io.github.dynamicsecrets.SecretsClient;

/**
 * How {@link io.github.dynamicsecrets.Secrets} finds the engine: {@code secrets-core} registers
 * one implementation in {@code META-INF/services}. Not for providers or applications.
 */
public interface EngineProvider {

    /**
     * Creates a client configured from system properties, environment variables and the
     * properties file, as {@code secrets-core} documents.
     *
     * @return a new client
     */
    SecretsClient createFromEnvironment();
}
