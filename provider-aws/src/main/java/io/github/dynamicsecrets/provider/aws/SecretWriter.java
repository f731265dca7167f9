package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.PasswordPolicy;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/** The self-service operations of {@link AwsSecretsProvider}: put, delete, list, generated passwords. Thread-safe. */
final class SecretWriter {

    private final SecretsManagerClient client;
    private final SecretIds ids;
    private final int recoveryWindowDays;
    private final Optional<String> kmsKeyId;

    SecretWriter(SecretsManagerClient client, SecretIds ids, int recoveryWindowDays, Optional<String> kmsKeyId) {
        this.client = client;
        this.ids = ids;
        this.recoveryWindowDays = recoveryWindowDays;
        this.kmsKeyId = kmsKeyId;
    }

    /** PutSecretValue, CreateSecret for a new name, RestoreSecret first for one scheduled for deletion. */
    SecretValue put(SecretRef ref, byte[] value) {
        Objects.requireNonNull(value, "value");
        requirePathOnly(ref);
        String id = ids.secretId(ref);
        byte[] copy = value.clone();
        String text = utf8(copy);
        String versionId = null;
        // each round settles one reason the previous failed (missing, created meanwhile, deleted)
        for (int round = 0; versionId == null; round++) {
            String operation = "PutSecretValue";
            try {
                try {
                    versionId = putValue(id, copy, text);
                } catch (ResourceNotFoundException missing) {
                    operation = "CreateSecret";
                    versionId = createSecret(id, copy, text);
                }
            } catch (ResourceExistsException raced) {
                if (round >= 2) {
                    throw AwsErrors.write(raced, ref.toString(), id, operation);
                }
            } catch (InvalidRequestException e) {
                if (round >= 2 || !AwsErrors.isScheduledForDeletion(e)) {
                    throw AwsErrors.write(e, ref.toString(), id, operation);
                }
                restore(ref, id);
            } catch (SdkException e) {
                throw AwsErrors.write(e, ref.toString(), id, operation);
            }
        }
        return SecretValue.builder(ref.path()).value(copy).version(versionId).provider(AwsSecretsProvider.NAME).build();
    }

    private String createSecret(String id, byte[] value, String text) {
        return client.createSecret(r -> {
            r.name(id);
            kmsKeyId.ifPresent(r::kmsKeyId);
            if (text != null) {
                r.secretString(text);
            } else {
                r.secretBinary(SdkBytes.fromByteArray(value));
            }
        }).versionId();
    }

    private void restore(SecretRef ref, String id) {
        try {
            client.restoreSecret(r -> r.secretId(id));
        } catch (SdkException e) {
            throw AwsErrors.write(e, ref.toString(), id, "RestoreSecret");
        }
    }

    private String putValue(String id, byte[] value, String text) {
        return client.putSecretValue(r -> {
            r.secretId(id);
            if (text != null) {
                r.secretString(text);
            } else {
                r.secretBinary(SdkBytes.fromByteArray(value));
            }
        }).versionId();
    }

    /** DeleteSecret with the recovery window; false if missing or already scheduled for deletion. */
    boolean delete(SecretRef ref) {
        requirePathOnly(ref);
        String id = ids.secretId(ref);
        try {
            client.deleteSecret(r -> {
                r.secretId(id);
                if (recoveryWindowDays == 0) {
                    r.forceDeleteWithoutRecovery(true);
                } else {
                    r.recoveryWindowInDays((long) recoveryWindowDays);
                }
            });
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        } catch (InvalidRequestException e) {
            if (AwsErrors.isScheduledForDeletion(e)) {
                return false;
            }
            throw AwsErrors.write(e, ref.toString(), id, "DeleteSecret");
        } catch (SdkException e) {
            throw AwsErrors.write(e, ref.toString(), id, "DeleteSecret");
        }
    }

    /** ListSecrets under the prefix, mapped back to canonical paths. */
    List<String> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        String awsPrefix = ids.prefix() + prefix;
        ListSecretsRequest.Builder request = ListSecretsRequest.builder().maxResults(VersionChecker.PAGE_SIZE);
        if (!awsPrefix.isEmpty()) {
            request.filters(VersionChecker.nameFilter(awsPrefix));
        }
        TreeSet<String> out = new TreeSet<>();
        String token = null;
        try {
            do {
                ListSecretsResponse response = client.listSecrets(request.nextToken(token).build());
                for (SecretListEntry entry : response.secretList()) {
                    if (entry.name().startsWith(awsPrefix) && entry.deletedDate() == null) {
                        ids.canonicalPath(entry.name()).ifPresent(out::add);
                    }
                }
                token = response.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw AwsErrors.other(e, "ListSecrets under '" + awsPrefix + "'", prefix + "*");
        }
        return new ArrayList<>(out);
    }

    /** GetRandomPassword with the policy's rules. */
    byte[] randomPassword(PasswordPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        try {
            String password = client.getRandomPassword(r -> r
                    .passwordLength((long) policy.length())
                    .excludeCharacters(policy.excludeCharacters().isEmpty() ? null : policy.excludeCharacters())
                    .excludeLowercase(policy.excludeLowercase())
                    .excludeUppercase(policy.excludeUppercase())
                    .excludeNumbers(policy.excludeNumbers())
                    .excludePunctuation(policy.excludePunctuation())
                    .includeSpace(policy.includeSpace())
                    .requireEachIncludedType(policy.requireEachIncludedType())).randomPassword();
            return password.getBytes(StandardCharsets.UTF_8);
        } catch (SdkException e) {
            throw AwsErrors.other(e, "GetRandomPassword", "a generated password");
        }
    }

    private static void requirePathOnly(SecretRef ref) {
        if (ref.version() != null || ref.field() != null) {
            throw new InvalidSecretNameException(ref.toString(), "writes take a path without '@version' or '#field'");
        }
    }

    /** The bytes as text if they are valid UTF-8, else {@code null}. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
