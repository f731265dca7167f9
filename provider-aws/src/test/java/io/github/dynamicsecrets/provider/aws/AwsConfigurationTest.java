package io.github.dynamicsecrets.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.provider.aws.fake.FakeSecretsManager;
import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.spi.SecretProviderFactory;
import io.github.dynamicsecrets.test.Canary;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The factory, the {@code secrets.provider.aws.*} keys and their errors. */
class AwsConfigurationTest extends FakeStoreTestBase {

    private static ProviderConfig only(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(AwsTestSupport.PREFIX + pairs[i], pairs[i + 1]);
        }
        return ProviderConfig.of(AwsTestSupport.PREFIX, m);
    }

    private ProviderConfig withFake(String... pairs) {
        return AwsTestSupport.config(fake.endpoint(), pairs);
    }

    @Test
    void factory_isFoundByServiceLoaderAsAws_andBuildsAWorkingProvider() {
        fake.seed("db/password", Canary.next());
        List<SecretProviderFactory> factories = ServiceLoader.load(SecretProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.name().equals("aws")).collect(Collectors.toList());

        assertThat(factories).hasSize(1).first().isInstanceOf(AwsSecretsProviderFactory.class);
        try (SecretProvider p = factories.get(0).create(withFake())) {
            assertThat(p.fetch(SecretRef.parse("db/password"))).isPresent();
        }
    }

    @Test
    void userSuppliedClient_isUsedAndNotClosedByTheProvider() {
        fake.seed("db/password", Canary.next());
        AwsSecretsProvider p = AwsSecretsProvider.create(admin, only("prefix", "db/"));

        assertThat(p.fetch(SecretRef.parse("password"))).isPresent();
        p.close();
        assertThat(admin.getSecretValue(r -> r.secretId("db/password")).versionId()).isNotNull();
    }

    @Test
    void sdkDefaultHttpClient_findsTheClientOnTheClassPath() {
        fake.seed("db/password", Canary.next());
        try (AwsSecretsProvider p = provider("http-client", "sdk-default")) {
            assertThat(p.fetch(SecretRef.parse("db/password"))).isPresent();
        }
    }

    @Test
    void credentialsProviderClass_withStaticCreate_isUsed() {
        fake.seed("db/password", Canary.next());
        ProviderConfig config = only("endpoint", fake.endpoint().toString(), "region", FakeSecretsManager.REGION,
                "credentials-provider", FakeCredentials.class.getName());
        try (AwsSecretsProvider p = AwsSecretsProvider.create(config)) {
            assertThat(p.fetch(SecretRef.parse("db/password"))).isPresent();
            assertThat(FakeCredentials.created).isPositive();
        }
    }

    @Test
    void credentialsProviderClass_withConstructorOnly_isUsed() {
        fake.seed("db/password", Canary.next());
        ProviderConfig config = only("endpoint", fake.endpoint().toString(), "region", FakeSecretsManager.REGION,
                "credentials-provider", ConstructedCredentials.class.getName());
        try (AwsSecretsProvider p = AwsSecretsProvider.create(config)) {
            assertThat(p.fetch(SecretRef.parse("db/password"))).isPresent();
        }
    }

    @Test
    void badValues_failNamingKeyValueAndWhatIsValid() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("region", "EU West 1");
        cases.put("endpoint", "ftp://example.com");
        cases.put("max-attempts", "0");
        cases.put("attempt-timeout", "0s");
        cases.put("call-timeout", "soon");
        cases.put("http-client", "netty");
        cases.put("prefix", "bad prefix!");
        cases.put("version-check", "poll");
        cases.put("recovery-window-days", "31");
        cases.forEach((key, value) -> assertThatThrownBy(() -> AwsSecretsProvider.create(withFake(key, value)))
                .as(key)
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessageContaining("secrets.provider.aws." + key)
                .hasMessageContaining(value)
                .hasMessageContaining("expected"));
    }

    @Test
    void credentialsProviderClassMissingOrOfTheWrongType_isRejected() {
        assertThatThrownBy(() -> AwsSecretsProvider.create(only("region", "us-east-1",
                "credentials-provider", "com.example.NoSuchProvider")))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessageContaining("secrets.provider.aws.credentials-provider")
                .hasMessageContaining("com.example.NoSuchProvider")
                .hasMessageContaining("class not found");
        assertThatThrownBy(() -> AwsSecretsProvider.create(only("region", "us-east-1",
                "credentials-provider", String.class.getName())))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("AwsCredentialsProvider");
    }

    @Test
    void halfOfStaticCredentials_namesTheMissingKeyAndNeverQuotesTheOther() {
        String secret = Canary.next();

        assertThatThrownBy(() -> AwsSecretsProvider.create(only("region", "us-east-1", "secret-access-key", secret)))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessageContaining("secrets.provider.aws.access-key-id")
                .satisfies(Canary::assertNotIn);
    }

    @Test
    void conflictingCredentialSettings_areRejected() {
        assertThatThrownBy(() -> AwsSecretsProvider.create(withFake("profile", "dev")))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessageContaining("Conflicting AWS credentials")
                .hasMessageContaining("secrets.provider.aws.profile");
    }

    @Test
    void noRegionAnywhere_failsNamingTheRegionKey(@TempDir Path empty) {
        assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
                "the environment sets a region");
        Map<String, String> saved = new HashMap<>();
        // no profile files, and never ask the EC2 instance metadata service (no network beyond loopback)
        Map<String, String> props = Map.of("aws.configFile", empty.resolve("config").toString(),
                "aws.sharedCredentialsFile", empty.resolve("credentials").toString(), "aws.disableEc2Metadata", "true");
        props.keySet().forEach(k -> saved.put(k, System.getProperty(k)));
        String region = System.clearProperty("aws.region");
        try {
            props.forEach(System::setProperty);
            assertThatThrownBy(() -> AwsSecretsProvider.create(only("endpoint", fake.endpoint().toString(),
                    "access-key-id", FakeSecretsManager.ACCESS_KEY_ID, "secret-access-key", FakeSecretsManager.SECRET_ACCESS_KEY)))
                    .isInstanceOf(SecretsConfigurationException.class)
                    .hasMessageContaining("secrets.provider.aws.region")
                    .hasMessageContaining("AWS_REGION");
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
            if (region != null) {
                System.setProperty("aws.region", region);
            }
        }
    }

    /** A credentials provider found by class name, with a static factory. */
    public static final class FakeCredentials implements AwsCredentialsProvider {
        static volatile int created;

        private FakeCredentials() {}

        public static FakeCredentials create() {
            created++;
            return new FakeCredentials();
        }

        @Override
        public AwsCredentials resolveCredentials() {
            return AwsBasicCredentials.create(FakeSecretsManager.ACCESS_KEY_ID, FakeSecretsManager.SECRET_ACCESS_KEY);
        }
    }

    /** A credentials provider found by class name, with only a constructor. */
    public static final class ConstructedCredentials implements AwsCredentialsProvider {
        public ConstructedCredentials() {}

        @Override
        public AwsCredentials resolveCredentials() {
            return AwsBasicCredentials.create(FakeSecretsManager.ACCESS_KEY_ID, FakeSecretsManager.SECRET_ACCESS_KEY);
        }
    }
}
