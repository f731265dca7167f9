package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.PasswordPolicy;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.spi.FetchResult;
import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.WritableSecretProvider;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Reads and writes secrets in AWS Secrets Manager through the AWS SDK for Java v2.
 *
 * <p>The canonical path {@code db/password} is the secret named {@code <prefix>db/password}; every
 * canonical path is a valid Secrets Manager name. A pinned {@code db/password@x} reads the version
 * whose id is {@code x} when {@code x} looks like a version id (32 to 64 letters, digits and
 * hyphens, at least one digit, as the SDK's UUIDs are), and otherwise the version carrying the
 * staging label {@code x}, such as {@code AWSPREVIOUS}. A value's version is the Secrets Manager
 * {@code VersionId}, so moving {@code AWSCURRENT} to another version (the last step of rotation)
 * is a new version to the engine; {@code AWSPENDING} is never read as current.
 *
 * <p>Calls: a read is one {@code GetSecretValue}; a bulk read is one {@code BatchGetSecretValue}
 * per 20 secrets; the rotation check is {@code ListSecrets} (up to 10 secrets a call, or 100 when
 * they share a prefix) with {@code DescribeSecret} as the fallback; see the module README for the
 * reasoning and the cost.
 *
 * <pre>{@code
 * // Built from secrets.provider.aws.* by the engine, or by hand around your own client:
 * SecretsManagerClient sm = SecretsManagerClient.builder().region(Region.EU_WEST_1).build();
 * SecretProvider aws = AwsSecretsProvider.create(sm);
 * }</pre>
 *
 * <p>Thread-safe: the SDK client is, and the provider keeps no per-call state. It caches nothing;
 * the engine does.
 */
public final class AwsSecretsProvider implements WritableSecretProvider {

    /** The provider's name, as used in {@code secrets.chain}. */
    public static final String NAME = "aws";

    private final SecretsManagerClient client;
    private final boolean ownsClient;
    private final AwsSettings settings;
    private final SecretIds ids;
    private final VersionChecker checker;
    private final BatchFetcher batch;
    private final SecretWriter writer;
    private final int recoveryWindowDays;
    private final boolean describeChecks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AwsSecretsProvider(SecretsManagerClient client, boolean ownsClient, AwsSettings settings, ProviderConfig config) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.settings = settings;
        String prefix = config.getString("prefix", "");
        String bad = SecretIds.checkPrefix(prefix);
        if (bad != null) {
            throw config.invalid("prefix", prefix, "AWS secret name characters A-Z a-z 0-9 / _ + = . @ - ("
                    + bad + ")");
        }
        this.ids = new SecretIds(prefix);
        long window = config.getLong("recovery-window-days", 30);
        if (window != 0 && (window < 7 || window > 30)) {
            throw config.invalid("recovery-window-days", Long.toString(window),
                    "7 to 30 days, or 0 to delete at once without recovery");
        }
        this.recoveryWindowDays = (int) window;
        String check = config.getString("version-check", "list").toLowerCase(Locale.ROOT);
        if (!check.equals("list") && !check.equals("describe")) {
            throw config.invalid("version-check", check, "list (ListSecrets, up to 100 secrets a call) or describe"
                    + " (one DescribeSecret per secret)");
        }
        this.describeChecks = check.equals("describe");
        this.checker = new VersionChecker(client, ids, !describeChecks);
        this.batch = new BatchFetcher(client, ids, this::fetchOne);
        this.writer = new SecretWriter(client, ids, recoveryWindowDays, config.get("kms-key-id"));
    }

    /**
     * Creates a provider with its own SDK client, configured from {@code secrets.provider.aws.*}
     * (see the module README for the keys). Unset region and credentials come from the SDK's
     * default chains. {@link #close()} closes the client.
     *
     * @param config the keys under {@code secrets.provider.aws.}
     * @return the provider
     * @throws io.github.dynamicsecrets.SecretsConfigurationException if a key has a bad value or
     *     no region can be found
     */
    public static AwsSecretsProvider create(ProviderConfig config) {
        Objects.requireNonNull(config, "config");
        AwsSettings settings = AwsSettings.from(config);
        SecretsManagerClient client = null;
        try {
            client = settings.build(SecretsManagerClient.builder(), settings.endpoint(), settings.region(), "region");
            return new AwsSecretsProvider(client, true, settings, config);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            settings.close();
            throw e;
        }
    }

    /**
     * Creates a provider around a client you built (any HTTP client, credentials, region,
     * interceptors), with the provider options of {@code config}: {@code prefix},
     * {@code recovery-window-days}, {@code version-check} and {@code kms-key-id}; the client keys
     * are ignored. The client stays yours: {@link #close()} does not close it.
     *
     * @param client a Secrets Manager client
     * @param config the keys under {@code secrets.provider.aws.}
     * @return the provider
     */
    public static AwsSecretsProvider create(SecretsManagerClient client, ProviderConfig config) {
        return new AwsSecretsProvider(Objects.requireNonNull(client, "client"), false, null,
                Objects.requireNonNull(config, "config"));
    }

    /**
     * Creates a provider around a client you built, with default options (no prefix, a 30-day
     * recovery window, {@code ListSecrets} version checks). {@link #close()} does not close it.
     *
     * @param client a Secrets Manager client
     * @return the provider
     */
    public static AwsSecretsProvider create(SecretsManagerClient client) {
        return create(client, ProviderConfig.of("secrets.provider.aws.", Map.of()));
    }

    /** Reads one version with one {@code GetSecretValue} call; empty if the secret or that version does not exist. */
    @Override
    public Optional<SecretValue> fetch(SecretRef ref) {
        String id = ids.secretId(ref);
        GetSecretValueRequest.Builder request = GetSecretValueRequest.builder().secretId(id);
        String pin = ref.version();
        if (pin != null) {
            if (SecretIds.isVersionId(pin)) {
                request.versionId(pin);
            } else {
                request.versionStage(pin);
            }
        }
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(request.build());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.read(e, ref.toString(), id, "GetSecretValue");
        }
        return Optional.of(value(ref, response.versionId(), response.secretString(), response.secretBinary()));
    }

    private FetchResult fetchOne(SecretRef ref) {
        try {
            return fetch(ref).map(FetchResult::found).orElse(FetchResult.notFound());
        } catch (RuntimeException e) {
            return FetchResult.failed(e);
        }
    }

    /** One {@code DescribeSecret} call: metadata only, never the value. */
    @Override
    public Optional<String> version(SecretRef ref) {
        return checker.version(ref);
    }

    /**
     * The rotation check for every cached reference: {@code ListSecrets} with up to 10 names a
     * call, or one call per 100 secrets when the names share a prefix that holds few others;
     * {@code DescribeSecret} for what the listing misses. See the module README.
     */
    @Override
    public Map<SecretRef, Optional<String>> versions(Collection<SecretRef> refs) {
        return checker.versions(refs);
    }

    /** Bulk read: {@code BatchGetSecretValue}, 20 secrets a call; each secret's error is its own. */
    @Override
    public Map<SecretRef, FetchResult> fetchAll(Collection<SecretRef> refs) {
        return batch.fetchAll(refs);
    }

    /**
     * Writes a new version that becomes {@code AWSCURRENT}: {@code PutSecretValue}, or
     * {@code CreateSecret} if the secret does not exist yet. A secret scheduled for deletion is
     * restored first ({@code RestoreSecret}), so a put after a delete works as in any other store.
     * Bytes that are valid UTF-8 are stored as {@code SecretString} (what the console, rotation
     * functions and most tools expect), anything else as {@code SecretBinary}.
     */
    @Override
    public SecretValue put(SecretRef ref, byte[] value) {
        return writer.put(ref, value);
    }

    /**
     * {@code DeleteSecret} with the recovery window of {@code recovery-window-days} (7 to 30, or
     * 0 for immediate deletion without recovery).
     *
     * @return {@code false} if the secret does not exist or is already scheduled for deletion
     */
    @Override
    public boolean delete(SecretRef ref) {
        return writer.delete(ref);
    }

    /**
     * Canonical paths under a prefix, from {@code ListSecrets} (secrets scheduled for deletion are
     * left out, as are AWS names outside this provider's prefix or not canonical paths).
     */
    @Override
    public List<String> list(String prefix) {
        return writer.list(prefix);
    }

    /** {@code GetRandomPassword}: generated by Secrets Manager, so no person or log sees it on the way. */
    @Override
    public byte[] randomPassword(PasswordPolicy policy) {
        return writer.randomPassword(policy);
    }

    /** Closes the SDK client if this provider created it. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsClient) {
            client.close();
            settings.close();
        }
    }

    @Override
    public String toString() {
        return "AwsSecretsProvider[prefix=" + ids.prefix() + ", versionCheck=" + (describeChecks ? "describe" : "list")
                + ", recoveryWindowDays=" + recoveryWindowDays + "]";
    }

    static SecretValue value(SecretRef ref, String versionId, String secretString, SdkBytes secretBinary) {
        byte[] bytes;
        if (secretString != null) {
            bytes = secretString.getBytes(StandardCharsets.UTF_8);
        } else if (secretBinary != null) {
            bytes = secretBinary.asByteArray();
        } else {
            throw new SecretsException("Secret '" + ref + "' version " + versionId + " has neither SecretString nor SecretBinary");
        }
        if (versionId == null) {
            throw new SecretsException("AWS Secrets Manager returned no VersionId for secret '" + ref + "'");
        }
        return SecretValue.builder(ref.toString()).value(bytes).version(versionId).provider(NAME).build();
    }
}
