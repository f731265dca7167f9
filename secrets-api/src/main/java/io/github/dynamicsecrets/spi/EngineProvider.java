package io.github.dynamicsecrets.spi;

import io.github.dynamicsecrets.SecretsClient;
import java.util.Map;

/**
 * How {@link io.github.dynamicsecrets.Secrets} and the test kit find the engine:
 * {@code secrets-core} registers one implementation in {@code META-INF/services}. Not for
 * providers or applications; applications use {@code SecretsEngine} in {@code secrets-core}.
 */
public interface EngineProvider {

    /**
     * Creates a client configured from system properties, environment variables and the
     * properties file, as {@code secrets-core} documents.
     *
     * @return a new client
     */
    SecretsClient createFromEnvironment();

    /**
     * Creates a client from explicit properties only (the environment is not read), with ready
     * provider instances. When {@code properties} select no chain, the chain is the instances in
     * the map's iteration order.
     *
     * @param properties full dotted keys such as {@code secrets.cache.refresh}
     * @param providers ready providers by name; they take precedence over factories of that name
     * @return a new client, which closes the given providers when it is closed
     */
    SecretsClient create(Map<String, String> properties, Map<String, SecretProvider> providers);
}
