package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.spi.SecretProviderFactory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;

/**
 * The built-in {@code local} provider: a developer's secrets in one Tink-encrypted file that can
 * be committed, with the keyset kept outside the repository. Keys:
 * {@code secrets.provider.local.file} (required, the encrypted file; created on the first write),
 * {@code secrets.provider.local.keyset} (required; {@code file:}, {@code env:} or a KMS URI, as
 * for {@code secrets.cache.disk.keyset}), {@code secrets.provider.local.max-versions} (default
 * 10, versions kept per secret). Unlike the disk cache, a keyset problem here fails the build:
 * the provider cannot serve anything without it. Writable through
 * {@link io.github.dynamicsecrets.SecretsClient#put}.
 */
public final class LocalSecretProviderFactory implements SecretProviderFactory {

    static final int DEFAULT_MAX_VERSIONS = 10;

    /** Creates the factory; ServiceLoader calls this. */
    public LocalSecretProviderFactory() {}

    @Override
    public String name() {
        return LocalSecretProvider.NAME;
    }

    @Override
    public SecretProvider create(ProviderConfig config) {
        String file = config.get("file").orElseThrow(() -> missing(config, "file", "the encrypted secrets file, for"
                + " example " + config.fullKey("file") + "=config/local-secrets.json"));
        String keyset = config.get("keyset").orElseThrow(() -> missing(config, "keyset", "where its keyset is, for"
                + " example " + config.fullKey("keyset") + "=file:/home/me/.config/dynamic-secrets/local-keyset.json"));
        long maxVersions = config.getLong("max-versions", DEFAULT_MAX_VERSIONS);
        if (maxVersions < 1 || maxVersions > 1000) {
            throw config.invalid("max-versions", String.valueOf(maxVersions), "a whole number from 1 to 1000");
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (RuntimeException e) {
            throw config.invalid("file", file, "a file path");
        }
        ProviderConfig root = config.withPrefix("secrets.");
        try {
            return new LocalSecretProvider(path, Keysets.aead(Keysets.load(config.fullKey("keyset"), keyset, root,
                    LocalSecretProviderFactory.class.getClassLoader(), System::getenv)), (int) maxVersions,
                    Clock.systemUTC(), config.prefix()).verify();
        } catch (GeneralSecurityException e) {
            throw new SecretsConfigurationException(config.fullKey("keyset"), "The keyset of " + config.fullKey("keyset")
                    + " cannot be used: " + e.getClass().getSimpleName());
        }
    }

    private static SecretsConfigurationException missing(ProviderConfig config, String key, String what) {
        String full = config.fullKey(key);
        return new SecretsConfigurationException(full, "The local provider needs " + full + " (environment variable "
                + full.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_') + "): set it to " + what);
    }
}
