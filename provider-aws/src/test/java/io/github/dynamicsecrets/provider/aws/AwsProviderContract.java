package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.test.SecretProviderContract;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The shared provider contract run against a Secrets Manager endpoint through the real
 * {@link SecretsManagerClient}, with a name prefix holding AWS-only characters. The store is
 * written the way an operator would: PutSecretValue, or CreateSecret for a new name.
 *
 * <p>Deletes run with {@code recovery-window-days=0}: the contract expects a deleted secret to
 * read as absent, whereas within a recovery window Secrets Manager refuses reads, which
 * {@link AwsSecretsProviderWriteTest} covers.
 */
abstract class AwsProviderContract extends SecretProviderContract {

    static final String PREFIX = "ct+1=a@b/";

    private String prefix = PREFIX;

    /** A client for the store, holding credentials it accepts; the same store the provider uses. */
    protected abstract SecretsManagerClient admin();

    /** A provider for the store, with the given provider options. */
    protected abstract SecretProvider newProvider(String... options);

    /**
     * The name prefix for the next test; a store shared between tests returns a fresh one each
     * time so that every test starts from an empty store.
     */
    protected String freshPrefix() {
        return PREFIX;
    }

    @Override
    protected SecretProvider createProvider() {
        prefix = freshPrefix();
        return newProvider("prefix", prefix, "recovery-window-days", "0");
    }

    @Override
    protected void storeSecret(String path, byte[] value) {
        String id = prefix + path;
        String text = utf8(value);
        try {
            admin().putSecretValue(r -> {
                r.secretId(id);
                if (text != null) {
                    r.secretString(text);
                } else {
                    r.secretBinary(SdkBytes.fromByteArray(value));
                }
            });
        } catch (ResourceNotFoundException e) {
            admin().createSecret(r -> {
                r.name(id);
                if (text != null) {
                    r.secretString(text);
                } else {
                    r.secretBinary(SdkBytes.fromByteArray(value));
                }
            });
        }
    }

    @Override
    protected void removeSecret(String path) {
        admin().deleteSecret(r -> r.secretId(prefix + path).forceDeleteWithoutRecovery(true));
    }

    @Override
    protected String unknownVersion() {
        return "00000000-0000-4000-8000-000000000000";
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
