package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.SecretProviderFactory;

/**
 * Creates the {@code file} provider; registered in {@code META-INF/services}. Keys, all optional:
 *
 * <ul>
 *   <li>{@code secrets.provider.file.roots}: directories searched in order, default
 *       {@code /run/secrets,/var/run/secrets,./secrets} ({@code ./} is the working directory,
 *       {@code ~/} the user's home). Roots that do not exist are skipped, and watched for.
 *   <li>{@code secrets.provider.file.max-size}: the largest file read, default {@code 1MiB}.
 *   <li>{@code secrets.provider.file.write-root}: where {@code put} and {@code delete} write;
 *       default the first root that is an existing writable directory, else the last root.
 *   <li>{@code secrets.provider.file.watch}: {@code false} disables inotify, leaving the poll;
 *       default {@code true}.
 *   <li>{@code secrets.rotation.poll}: the safety-net poll interval, default {@code PT1M};
 *       {@code 0} turns it off.
 * </ul>
 *
 * <pre>{@code
 * SecretProvider files = new FileSecretProviderFactory().create(ProviderConfig.of("secrets.provider.file.",
 *         Map.of("secrets.provider.file.roots", "/etc/secrets")));
 * }</pre>
 */
public final class FileSecretProviderFactory implements SecretProviderFactory {

    /** Creates the factory; the service loader calls this. */
    public FileSecretProviderFactory() {}

    /**
     * The provider's name.
     *
     * @return {@code file}
     */
    @Override
    public String name() {
        return FileSecretProvider.NAME;
    }

    /**
     * Creates a provider from the keys under {@code secrets.provider.file.}.
     *
     * @param config the provider's configuration
     * @return a new provider, not yet watching
     * @throws io.github.dynamicsecrets.SecretsConfigurationException if a key has a bad value
     */
    @Override
    public FileSecretProvider create(ProviderConfig config) {
        return new FileSecretProvider(FileSettings.from(config));
    }
}
