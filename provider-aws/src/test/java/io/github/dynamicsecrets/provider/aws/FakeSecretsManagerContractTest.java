package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.provider.aws.fake.FakeSecretsManager;
import io.github.dynamicsecrets.spi.SecretProvider;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The provider contract against the loopback Secrets Manager, through the real SDK over HTTP. */
class FakeSecretsManagerContractTest extends AwsProviderContract {

    private FakeSecretsManager fake;
    private SecretsManagerClient admin;

    @Override
    protected SecretsManagerClient admin() {
        return admin;
    }

    @Override
    protected SecretProvider newProvider(String... options) {
        // runs before each test (the contract's @BeforeEach comes first): a fresh, empty store
        fake = new FakeSecretsManager();
        admin = AwsTestSupport.adminClient(fake);
        return AwsTestSupport.provider(fake, options);
    }

    @AfterEach
    void stopStore() {
        admin.close();
        fake.close();
    }
}
