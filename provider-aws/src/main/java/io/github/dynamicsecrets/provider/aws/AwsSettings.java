package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.ProviderConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The SDK client settings read from {@code secrets.provider.aws.*}, shared by the Secrets Manager
 * provider and the KMS key-encryption key. Unset keys leave the SDK's own default chains in
 * charge (region, credentials). Immutable and thread-safe.
 */
final class AwsSettings {

    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");

    private final ProviderConfig config;
    private final Optional<Region> region;
    private final Optional<URI> endpoint;
    private final int maxAttempts;
    private final Duration attemptTimeout;
    private final Duration callTimeout;
    private final Duration connectTimeout;
    private final boolean sdkDefaultHttpClient;
    private final Optional<AwsCredentialsProvider> credentials;

    private AwsSettings(ProviderConfig config) {
        this.config = config;
        this.region = region(config, "region");
        this.endpoint = endpoint(config, "endpoint");
        long attempts = config.getLong("max-attempts", DEFAULT_MAX_ATTEMPTS);
        if (attempts < 1 || attempts > 10) {
            throw config.invalid("max-attempts", Long.toString(attempts), "a whole number from 1 (no retries) to 10");
        }
        this.maxAttempts = (int) attempts;
        this.attemptTimeout = positive(config, "attempt-timeout", DEFAULT_ATTEMPT_TIMEOUT);
        this.callTimeout = positive(config, "call-timeout", DEFAULT_CALL_TIMEOUT);
        this.connectTimeout = positive(config, "connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        String http = config.getString("http-client", "url-connection").toLowerCase(Locale.ROOT);
        if (!http.equals("url-connection") && !http.equals("sdk-default")) {
            throw config.invalid("http-client", http, "url-connection or sdk-default");
        }
        this.sdkDefaultHttpClient = http.equals("sdk-default");
        this.credentials = credentialsProvider();
    }

    /**
     * Reads and validates the settings.
     *
     * @param config the view under {@code secrets.provider.aws.}
     * @throws SecretsConfigurationException naming the key, the value and what is valid
     */
    static AwsSettings from(ProviderConfig config) {
        return new AwsSettings(config);
    }

    ProviderConfig config() {
        return config;
    }

    Optional<Region> region() {
        return region;
    }

    Optional<URI> endpoint() {
        return endpoint;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Configures and builds an SDK client: endpoint, region, credentials, HTTP client, retries
     * and timeouts.
     *
     * @param serviceEndpoint the endpoint override for this service, if any
     * @param serviceRegion the region for this service, if any (else the SDK's region chain)
     * @param regionKey the key to name when no region can be found
     */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Optional<URI> serviceEndpoint,
            Optional<Region> serviceRegion, String regionKey) {
        serviceEndpoint.ifPresent(builder::endpointOverride);
        serviceRegion.ifPresent(builder::region);
        credentials.ifPresent(builder::credentialsProvider);
        if (!sdkDefaultHttpClient) {
            builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                    .connectionTimeout(connectTimeout)
                    .socketTimeout(attemptTimeout));
        }
        builder.overrideConfiguration(o -> o
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
                .apiCallAttemptTimeout(attemptTimeout)
                .apiCallTimeout(callTimeout));
        try {
            return builder.build();
        } catch (SdkClientException e) {
            if (serviceRegion.isEmpty() && e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("region")) {
                throw new SecretsConfigurationException(config.fullKey(regionKey), "No AWS region found: set "
                        + config.fullKey(regionKey) + " (for example eu-west-1), the AWS_REGION environment variable,"
                        + " the aws.region system property or a region in the AWS profile", e);
            }
            throw e;
        }
    }

    /** Releases the credentials provider this object created, if it holds resources. Idempotent. */
    void close() {
        credentials.ifPresent(c -> {
            if (c instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) c).close();
                } catch (Exception e) {
                    // closing a credentials cache cannot fail in a way the caller could act on
                }
            }
        });
    }

    /** The configured credentials, or empty to let the SDK use its default chain. */
    private Optional<AwsCredentialsProvider> credentialsProvider() {
        Optional<String> keyId = config.get("access-key-id");
        Optional<String> secretKey = config.get("secret-access-key");
        Optional<String> token = config.get("session-token");
        Optional<String> profile = config.get("profile");
        Optional<String> className = config.get("credentials-provider");
        int chosen = (keyId.isPresent() || secretKey.isPresent() ? 1 : 0) + (profile.isPresent() ? 1 : 0)
                + (className.isPresent() ? 1 : 0);
        if (chosen > 1) {
            throw new SecretsConfigurationException(config.fullKey("credentials-provider"), "Conflicting AWS credentials"
                    + " settings: set only one of " + config.fullKey("access-key-id") + "/" + config.fullKey("secret-access-key")
                    + ", " + config.fullKey("profile") + " and " + config.fullKey("credentials-provider"));
        }
        if (keyId.isPresent() != secretKey.isPresent()) {
            String missing = keyId.isPresent() ? "secret-access-key" : "access-key-id";
            // never quote the value of the key that is set: it is a credential
            throw new SecretsConfigurationException(config.fullKey(missing), "Static AWS credentials need both "
                    + config.fullKey("access-key-id") + " and " + config.fullKey("secret-access-key") + "; "
                    + config.fullKey(missing) + " is not set");
        }
        if (keyId.isPresent()) {
            return Optional.of(StaticCredentialsProvider.create(token.isPresent()
                    ? AwsSessionCredentials.create(keyId.get(), secretKey.get(), token.get())
                    : AwsBasicCredentials.create(keyId.get(), secretKey.get())));
        }
        if (profile.isPresent()) {
            return Optional.of(ProfileCredentialsProvider.create(profile.get()));
        }
        return className.map(this::instantiate);
    }

    private AwsCredentialsProvider instantiate(String className) {
        String key = "credentials-provider";
        String expected = "the name of a class implementing " + AwsCredentialsProvider.class.getName()
                + " with a public static create() method or a public no-argument constructor";
        Class<?> type;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, true, loader != null ? loader : AwsSettings.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SecretsConfigurationException(config.fullKey(key), config.invalid(key, className, expected).getMessage()
                    + " (class not found)", e);
        }
        if (!AwsCredentialsProvider.class.isAssignableFrom(type)) {
            throw config.invalid(key, className, expected);
        }
        try {
            Method create = type.getMethod("create");
            if (Modifier.isStatic(create.getModifiers()) && AwsCredentialsProvider.class.isAssignableFrom(create.getReturnType())) {
                return (AwsCredentialsProvider) create.invoke(null);
            }
        } catch (NoSuchMethodException e) {
            // fall through to the constructor
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new SecretsConfigurationException(config.fullKey(key), "Calling " + className + ".create() for "
                    + config.fullKey(key) + " failed: " + e, e);
        }
        try {
            return (AwsCredentialsProvider) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new SecretsConfigurationException(config.fullKey(key), config.invalid(key, className, expected).getMessage(), e);
        }
    }

    static Optional<Region> region(ProviderConfig config, String key) {
        Optional<String> v = config.get(key);
        if (v.isPresent() && !REGION.matcher(v.get()).matches()) {
            throw config.invalid(key, v.get(), "an AWS region code such as us-east-1 or eu-west-1");
        }
        return v.map(Region::of);
    }

    static Optional<URI> endpoint(ProviderConfig config, String key) {
        Optional<String> v = config.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String expected = "an absolute http or https URL such as https://secretsmanager.eu-west-1.amazonaws.com";
        try {
            URI uri = new URI(v.get());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw config.invalid(key, v.get(), expected);
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw config.invalid(key, v.get(), expected);
        }
    }

    private static Duration positive(ProviderConfig config, String key, Duration defaultValue) {
        Duration d = config.getDuration(key, defaultValue);
        if (d.isZero()) {
            throw config.invalid(key, config.get(key).orElse("0"), "a duration greater than zero such as 5s or PT5S");
        }
        return d;
    }
}
