package io.github.dynamicsecrets.provider.aws;

import io.github.dynamicsecrets.provider.aws.fake.FakeSecretsManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** A fresh loopback Secrets Manager per test, an admin client for it and a provider built from configuration. */
abstract class FakeStoreTestBase {

    protected FakeSecretsManager fake;
    protected SecretsManagerClient admin;
    protected AwsSecretsProvider provider;
    private final List<AwsSecretsProvider> extra = new ArrayList<>();

    @BeforeEach
    final void startStore() {
        fake = new FakeSecretsManager();
        admin = AwsTestSupport.adminClient(fake);
        provider = AwsTestSupport.provider(fake);
    }

    @AfterEach
    final void stopStore() {
        provider.close();
        extra.forEach(AwsSecretsProvider::close);
        admin.close();
        fake.close();
    }

    /** Another provider on the same store with extra options, closed after the test. */
    protected AwsSecretsProvider provider(String... options) {
        AwsSecretsProvider p = AwsTestSupport.provider(fake, options);
        extra.add(p);
        return p;
    }
}
