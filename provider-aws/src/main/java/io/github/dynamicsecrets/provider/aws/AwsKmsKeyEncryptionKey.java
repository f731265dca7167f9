package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.spi.KeyEncryptionKey;
import io.github.dynamicsecrets.spi.ProviderConfig;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyUnavailableException;

/**
 * A KMS key that wraps the disk cache keyset with {@code Encrypt} and {@code Decrypt}. The
 * associated data is bound as the encryption context {@value #CONTEXT_KEY} = base64 of the bytes,
 * so KMS refuses to decrypt under other associated data (and CloudTrail shows it; it is a label,
 * never secret). Decrypt names the key, so a ciphertext made under another key is refused too.
 * Thread-safe: the SDK client is.
 */
final class AwsKmsKeyEncryptionKey implements KeyEncryptionKey {

    static final String CONTEXT_KEY = "dynamicsecrets:associated-data";
    static final String PROVIDER = "aws-kms";

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):\\d{12}:(key|alias)/[A-Za-z0-9/_:+=,.@-]+");
    private static final Pattern ALIAS_OR_ID = Pattern.compile("(alias/[A-Za-z0-9/_-]+|[A-Za-z0-9-]{1,2048})");

    private final String uri;
    private final String keyId;
    private final KmsClient client;

    AwsKmsKeyEncryptionKey(String uri, String keyId, KmsClient client) {
        this.uri = uri;
        this.keyId = keyId;
        this.client = client;
    }

    static AwsKmsKeyEncryptionKey create(String uri, ProviderConfig awsConfig) {
        String prefix = AwsKmsKeyEncryptionKeyFactory.SCHEME + "://";
        String expected = "aws-kms://<key ARN, alias ARN, alias/<name> or key id>";
        if (!uri.startsWith(prefix)) {
            throw new SecretsConfigurationException("secrets.cache.disk.keyset", "Invalid key-encryption key URI '" + uri
                    + "': expected " + expected);
        }
        String keyId = uri.substring(prefix.length());
        Optional<Region> region;
        Matcher arn = ARN.matcher(keyId);
        if (arn.matches()) {
            region = Optional.of(Region.of(arn.group(1)));
        } else if (ALIAS_OR_ID.matcher(keyId).matches()) {
            Optional<Region> kmsRegion = AwsSettings.region(awsConfig, "kms.region");
            region = kmsRegion.isPresent() ? kmsRegion : AwsSettings.region(awsConfig, "region");
        } else {
            throw new SecretsConfigurationException("secrets.cache.disk.keyset", "Invalid key-encryption key URI '" + uri
                    + "': expected " + expected);
        }
        AwsSettings settings = AwsSettings.from(awsConfig);
        KmsClient client = settings.build(KmsClient.builder(), AwsSettings.endpoint(awsConfig, "kms.endpoint"), region, "kms.region");
        return new AwsKmsKeyEncryptionKey(uri, keyId, client);
    }

    /** Closes the KMS client this key built. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        try {
            return client.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext))
                    .encryptionContext(context(associatedData))).ciphertextBlob().asByteArray();
        } catch (SdkException e) {
            throw map(e, "Encrypt");
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        try {
            return client.decrypt(r -> r.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                    .encryptionContext(context(associatedData))).plaintext().asByteArray();
        } catch (SdkException e) {
            throw map(e, "Decrypt");
        }
    }

    private static Map<String, String> context(byte[] associatedData) {
        byte[] ad = associatedData == null ? new byte[0] : associatedData;
        // a "v1:" tag keeps the value non-empty and leaves room for another encoding later
        return Map.of(CONTEXT_KEY, "v1:" + Base64.getEncoder().encodeToString(ad));
    }

    private RuntimeException map(SdkException e, String operation) {
        String subject = "AWS KMS " + operation + " with key-encryption key " + uri;
        if (e instanceof InvalidCiphertextException || e instanceof IncorrectKeyException) {
            return new SecretsException(subject + " was refused (" + code(e) + "): the wrapped keyset or its associated data"
                    + " was altered, or it was wrapped by another key", e);
        }
        if (e instanceof AwsServiceException) {
            AwsServiceException se = (AwsServiceException) e;
            if (se.isThrottlingException() || se.statusCode() >= 500 || e instanceof DependencyTimeoutException
                    || e instanceof KeyUnavailableException) {
                return new ProviderUnavailableException(PROVIDER, subject + " failed, retry later (" + code(e) + ": "
                        + AwsErrors.message(se) + ")", e);
            }
            if (AwsErrors.isAccessDenied(e)) {
                return new SecretAccessDeniedException(uri, PROVIDER, code(e) + ": " + AwsErrors.message(se)
                        + " (needs kms:" + operation + " on " + keyId + ")", e);
            }
            return new SecretsException(subject + " failed (" + code(e) + ": " + AwsErrors.message(se) + ")", e);
        }
        if (e instanceof SdkClientException) {
            return new ProviderUnavailableException(PROVIDER, subject + " could not reach AWS KMS: " + e.getMessage(), e);
        }
        return new SecretsException(subject + " failed: " + e.getMessage(), e);
    }

    private static String code(SdkException e) {
        return e instanceof AwsServiceException ? AwsErrors.code((AwsServiceException) e) : e.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "AwsKmsKeyEncryptionKey[" + uri + "]";
    }
}
