package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.SecretProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The provider contract against LocalStack's Secrets Manager, where a Docker engine is present;
 * skipped (reported as skipped, not failed) where none is. Testcontainers then logs one ERROR
 * about the missing Docker environment, which is expected.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackContractTest extends AwsProviderContract {

    /** Pinned, so a new LocalStack release cannot change the outcome. */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.9.2");

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(IMAGE).withServices("secretsmanager");

    private static SecretsManagerClient admin;

    /** One container for the class; each test gets its own name prefix, so it starts from an empty store. */
    @Override
    protected String freshPrefix() {
        return PREFIX + "t" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    @Override
    protected SecretsManagerClient admin() {
        if (admin == null) {
            admin = SecretsManagerClient.builder()
                    .endpointOverride(LOCALSTACK.getEndpoint())
                    .region(Region.of(LOCALSTACK.getRegion()))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build();
        }
        return admin;
    }

    @Override
    protected SecretProvider newProvider(String... options) {
        Map<String, String> m = new HashMap<>();
        m.put(AwsTestSupport.PREFIX + "endpoint", LOCALSTACK.getEndpoint().toString());
        m.put(AwsTestSupport.PREFIX + "region", LOCALSTACK.getRegion());
        m.put(AwsTestSupport.PREFIX + "access-key-id", LOCALSTACK.getAccessKey());
        m.put(AwsTestSupport.PREFIX + "secret-access-key", LOCALSTACK.getSecretKey());
        for (int i = 0; i < options.length; i += 2) {
            m.put(AwsTestSupport.PREFIX + options[i], options[i + 1]);
        }
        return AwsSecretsProvider.create(ProviderConfig.of(AwsTestSupport.PREFIX, m));
    }

    @AfterAll
    static void closeAdmin() {
        if (admin != null) {
            admin.close();
        }
    }
}
