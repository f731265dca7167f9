package io.github.dynamicsecrets.spi;

/**
 * Creates a {@link SecretProvider}; registered in
 * {@code META-INF/services/io.github.dynamicsecrets.spi.SecretProviderFactory}. Modelled on
 * OpenTelemetry's autoconfigure SPI: the engine lists all installed factories but calls
 * {@link #create} only on those whose {@link #name()} the configured chain selects, so an
 * installed but unused provider costs nothing and needs no credentials.
 *
 * <pre>{@code
 * public final class VaultProviderFactory implements SecretProviderFactory {
 *     public String name() { return "vault"; }
 *     public SecretProvider create(ProviderConfig config) {
 *         return new VaultProvider(config.getString("address", "http://127.0.0.1:8200"));
 *     }
 * }
 * }</pre>
 */
public interface SecretProviderFactory {

    /**
     * The name used in {@code secrets.chain} and under {@code secrets.provider.<name>.*}: lower
     * case letters, digits and {@code -}.
     *
     * @return the provider's name
     */
    String name();

    /**
     * Creates the provider. Called at most once per client, only if selected.
     *
     * @param config the keys under {@code secrets.provider.<name>.}
     * @return a ready provider
     * @throws io.github.dynamicsecrets.SecretsConfigurationException if the configuration is
     *     wrong; the message names the key, the value and what is valid
     */
    SecretProvider create(ProviderConfig config);
}
