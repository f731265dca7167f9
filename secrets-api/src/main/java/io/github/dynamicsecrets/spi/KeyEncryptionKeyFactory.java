package io.github.dynamicsecrets.spi;

/**
 * Contributes a key-encryption-key URI scheme for {@code secrets.cache.disk.keyset}, for example
 * {@code aws-kms://arn:aws:kms:eu-west-1:111122223333:key/...}. Provider modules register
 * implementations in {@code META-INF/services}, built on their own cloud SDK; the engine calls
 * {@link #create} only for the scheme that is configured.
 */
public interface KeyEncryptionKeyFactory {

    /**
     * The URI scheme handled, without {@code ://}, for example {@code aws-kms}.
     *
     * @return the scheme, lower case
     */
    String scheme();

    /**
     * Creates the key for a URI.
     *
     * @param uri the whole URI, scheme included
     * @param config the root configuration (prefix {@code secrets.}), so a factory can read its
     *     provider's keys such as {@code provider.aws.region}
     * @return the key
     * @throws io.github.dynamicsecrets.SecretsConfigurationException if the URI is malformed
     */
    KeyEncryptionKey create(String uri, ProviderConfig config);
}
