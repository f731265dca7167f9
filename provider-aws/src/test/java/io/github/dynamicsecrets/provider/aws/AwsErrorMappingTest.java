package io.github.dynamicsecrets.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.test.Canary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwsErrorMappingTest extends FakeStoreTestBase {

    private static final SecretRef NAME = SecretRef.parse("db/password");

    private String canary;

    @BeforeEach
    void seed() {
        canary = Canary.next();
        admin.createSecret(r -> r.name("db/password").secretString(canary));
        fake.resetCounts();
    }

    /** The whole failure as a log would print it: messages, causes and stack. */
    private static String printed(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private Throwable failure() {
        Throwable t = catchThrowable(() -> provider.fetch(NAME));
        assertThat(t).isNotNull();
        assertThat(printed(t)).doesNotContain(canary);
        return t;
    }

    @Test
    void fetch_throttledTwice_recoversWithinTheSdkRetries() {
        fake.throttleNext(2);

        assertThat(provider.fetch(NAME).orElseThrow().asString()).isEqualTo(canary);
        assertThat(fake.count("GetSecretValue")).isEqualTo(3);
    }

    @Test
    void fetch_throttledBeyondMaxAttempts_isProviderUnavailableNamingSecretAndThrottling() {
        fake.throttleNext(100);

        Throwable t = failure();

        assertThat(t).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("db/password")
                .hasMessageContaining("throttled")
                .hasMessageContaining("3 attempts");
        assertThat(((ProviderUnavailableException) t).provider()).isEqualTo("aws");
        assertThat(fake.count("GetSecretValue")).isEqualTo(3);
    }

    @Test
    void fetch_maxAttemptsSetting_boundsTheRetries() {
        try (AwsSecretsProvider once = AwsTestSupport.provider(fake, "max-attempts", "1")) {
            fake.resetCounts();
            fake.throttleNext(100);

            assertThatThrownBy(() -> once.fetch(NAME)).isInstanceOf(ProviderUnavailableException.class);
            assertThat(fake.count("GetSecretValue")).isEqualTo(1);
        }
    }

    @Test
    void fetch_serverErrorOnce_isRetriedTransparently() {
        fake.failNext(1);

        assertThat(provider.fetch(NAME)).isPresent();
        assertThat(fake.count("GetSecretValue")).isEqualTo(2);
    }

    @Test
    void fetch_serverErrorsPersist_isProviderUnavailable() {
        fake.failNext(100);

        assertThat(failure()).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("db/password")
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("InternalServiceError");
    }

    @Test
    void fetch_storeOutage_isProviderUnavailableAndRecoversAfterwards() {
        fake.setUnavailable(true);

        assertThat(failure()).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("HTTP 503");

        fake.setUnavailable(false);
        assertThat(provider.fetch(NAME)).isPresent();
    }

    @Test
    void fetch_slowAnswers_timeOutAsProviderUnavailable() {
        try (AwsSecretsProvider impatient = AwsTestSupport.provider(fake, "attempt-timeout", "300ms", "max-attempts", "2")) {
            fake.setDelay(Duration.ofSeconds(2));

            Throwable t = catchThrowable(() -> impatient.fetch(NAME));

            assertThat(t).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("db/password");
            assertThat(printed(t)).doesNotContain(canary);
        } finally {
            fake.setDelay(Duration.ZERO);
        }
    }

    @Test
    void fetch_nothingListening_isProviderUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (AwsSecretsProvider nowhere = AwsSecretsProvider.create(AwsTestSupport.config(URI.create("http://127.0.0.1:" + port),
                "max-attempts", "1"))) {
            assertThatThrownBy(() -> nowhere.fetch(NAME))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("could not reach AWS Secrets Manager");
        }
    }

    @Test
    void fetch_accessDenied_isSecretAccessDeniedAndNotRetried() {
        fake.denySecret("db/password");

        assertThat(failure()).isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("db/password")
                .hasMessageContaining("AccessDeniedException")
                .hasMessageContaining("GetSecretValue");
        assertThat(fake.count("GetSecretValue")).isEqualTo(1);
    }

    @Test
    void fetch_kmsDecryptionFailure_isSecretAccessDeniedNamingKms() {
        fake.failDecryption("db/password");

        assertThat(failure()).isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("db/password")
                .hasMessageContaining("DecryptionFailure")
                .hasMessageContaining("kms:Decrypt");
    }

    @Test
    void fetch_unknownAccessKey_isSecretAccessDenied() {
        try (AwsSecretsProvider stranger = AwsTestSupport.provider(fake, "access-key-id", "AKIDSOMEONEELSE00000")) {
            assertThatThrownBy(() -> stranger.fetch(NAME))
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessageContaining("UnrecognizedClientException");
        }
    }
}
