package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.KeyEncryptionKey;
import io.github.dynamicsecrets.spi.KeyEncryptionKeyFactory;
import io.github.dynamicsecrets.spi.ProviderConfig;
import java.util.Objects;

/**
 * Contributes the {@code aws-kms://} scheme for {@code secrets.cache.disk.keyset}: the disk cache's
 * keyset is wrapped by an AWS KMS key through the SDK v2 {@code KmsClient}, so the keyset file is
 * useless without {@code kms:Decrypt} on that key.
 *
 * <p>URI forms: {@code aws-kms://arn:aws:kms:<region>:<account>:key/<key-id>},
 * {@code aws-kms://arn:aws:kms:<region>:<account>:alias/<name>}, {@code aws-kms://alias/<name>}
 * and {@code aws-kms://<key-id>}. The region is the ARN's, else
 * {@code secrets.provider.aws.kms.region}, else {@code secrets.provider.aws.region}, else the
 * SDK's region chain. Endpoint: {@code secrets.provider.aws.kms.endpoint}. Credentials, retries
 * and timeouts: the same {@code secrets.provider.aws.*} keys as the Secrets Manager provider.
 *
 * <p>Needs {@code software.amazon.awssdk:kms} on the class path (an optional dependency of this
 * module); without it {@link #create} fails with a message that names it, and nothing else is
 * affected. Registered in {@code META-INF/services}; thread-safe.
 */
public final class AwsKmsKeyEncryptionKeyFactory implements KeyEncryptionKeyFactory {

    /** The URI scheme, {@code aws-kms}. */
    public static final String SCHEME = "aws-kms";

    static final String KMS_CLIENT_CLASS = "software.amazon.awssdk.services.kms.KmsClient";
    static final String KMS_ARTIFACT = "software.amazon.awssdk:kms";

    /** Creates the factory; called by {@link java.util.ServiceLoader}. */
    public AwsKmsKeyEncryptionKeyFactory() {}

    /** @return {@code aws-kms} */
    @Override
    public String scheme() {
        return SCHEME;
    }

    /**
     * Creates a key-encryption key for a URI; makes no call to KMS until the first
     * {@code encrypt} or {@code decrypt}.
     *
     * @param uri {@code aws-kms://} followed by a key ARN, alias ARN, {@code alias/<name>} or key id
     * @param config the root configuration (prefix {@code secrets.})
     * @throws SecretsConfigurationException if the URI is malformed, a key is invalid, or the KMS
     *     SDK module is missing
     */
    @Override
    public KeyEncryptionKey create(String uri, ProviderConfig config) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(config, "config");
        try {
            Class.forName(KMS_CLIENT_CLASS, false, AwsKmsKeyEncryptionKeyFactory.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SecretsConfigurationException("secrets.cache.disk.keyset", "The key-encryption key " + uri
                    + " needs the AWS KMS client: add the dependency " + KMS_ARTIFACT + " (same version as the AWS SDK BOM)", e);
        }
        return AwsKmsKeyEncryptionKey.create(uri, config.withPrefix(config.prefix() + "provider.aws."));
    }
}
