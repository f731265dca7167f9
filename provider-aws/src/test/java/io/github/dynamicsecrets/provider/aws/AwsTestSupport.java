package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.provider.aws.fake.FakeSecretsManager;
import io.github.dynamicsecrets.spi.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Clients and configuration pointed at the loopback fakes, with explicit region and dummy keys, so nothing reaches past 127.0.0.1. */
final class AwsTestSupport {

    static final String PREFIX = "secrets.provider.aws.";

    private AwsTestSupport() {}

    /** A real SDK client for the fake, as a test's "admin" or rotation function would use it. */
    static SecretsManagerClient adminClient(FakeSecretsManager fake) {
        return SecretsManagerClient.builder()
                .endpointOverride(fake.endpoint())
                .region(Region.of(FakeSecretsManager.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(FakeSecretsManager.ACCESS_KEY_ID, FakeSecretsManager.SECRET_ACCESS_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    /** The provider's keys for the fake: endpoint, region, static dummy credentials, plus extra pairs. */
    static ProviderConfig config(URI endpoint, String... extra) {
        Map<String, String> m = new HashMap<>();
        m.put(PREFIX + "endpoint", endpoint.toString());
        m.put(PREFIX + "region", FakeSecretsManager.REGION);
        m.put(PREFIX + "access-key-id", FakeSecretsManager.ACCESS_KEY_ID);
        m.put(PREFIX + "secret-access-key", FakeSecretsManager.SECRET_ACCESS_KEY);
        for (int i = 0; i < extra.length; i += 2) {
            m.put(PREFIX + extra[i], extra[i + 1]);
        }
        return ProviderConfig.of(PREFIX, m);
    }

    /** A provider built from configuration, the way the engine builds it. */
    static AwsSecretsProvider provider(FakeSecretsManager fake, String... extra) {
        return AwsSecretsProvider.create(config(fake.endpoint(), extra));
    }
}
