package io.github.dynamicsecrets.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.provider.aws.fake.FakeKms;
import io.github.dynamicsecrets.spi.KeyEncryptionKey;
import io.github.dynamicsecrets.spi.KeyEncryptionKeyFactory;
import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.test.Canary;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The aws-kms:// key-encryption key, through the real KmsClient against a loopback KMS. */
class AwsKmsKeyEncryptionKeyTest {

    private static final byte[] AD = "disk-cache-keyset".getBytes(StandardCharsets.UTF_8);

    private FakeKms kms;
    private String keyArn;

    @BeforeEach
    void start() {
        kms = new FakeKms();
        keyArn = kms.createKey("alias/cache");
    }

    @AfterEach
    void stop() {
        kms.close();
    }

    /** The root configuration (prefix {@code secrets.}), as the engine passes it. */
    private ProviderConfig root(String... pairs) {
        Map<String, String> m = new HashMap<>(kms.clientProperties());
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return ProviderConfig.of("secrets.", m);
    }

    private KeyEncryptionKey key(String uri, String... pairs) {
        return new AwsKmsKeyEncryptionKeyFactory().create(uri, root(pairs));
    }

    @Test
    void factory_isFoundByServiceLoaderForTheAwsKmsScheme() {
        List<KeyEncryptionKeyFactory> factories = ServiceLoader.load(KeyEncryptionKeyFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.scheme().equals("aws-kms")).collect(Collectors.toList());

        assertThat(factories).hasSize(1).first().isInstanceOf(AwsKmsKeyEncryptionKeyFactory.class);
    }

    @Test
    void encryptThenDecrypt_roundTripsThroughKms_forEveryKeyForm() {
        byte[] keyset = Canary.nextBytes();
        String aliasArn = keyArn.substring(0, keyArn.indexOf(":key/")) + ":alias/cache";
        for (String uri : List.of("aws-kms://" + keyArn, "aws-kms://alias/cache", "aws-kms://" + aliasArn,
                "aws-kms://" + keyArn.substring(keyArn.indexOf("/") + 1))) {
            KeyEncryptionKey kek = key(uri);
            kms.resetCounts();

            byte[] wrapped = kek.encrypt(keyset, AD);

            assertThat(new String(wrapped, StandardCharsets.ISO_8859_1)).as(uri).doesNotContain(new String(keyset, StandardCharsets.ISO_8859_1));
            assertThat(kek.decrypt(wrapped, AD)).as(uri).containsExactly(keyset);
            assertThat(kms.counts()).as(uri).isEqualTo(Map.of("Encrypt", 1, "Decrypt", 1));
        }
        assertThat(kms.lastRequest("Decrypt").getAsJsonObject("EncryptionContext").keySet())
                .containsExactly("dynamicsecrets:associated-data");
    }

    @Test
    void regionInTheArn_winsOverTheConfiguredRegion() {
        KeyEncryptionKey kek = key("aws-kms://" + keyArn, "secrets.provider.aws.region", "eu-west-1");

        assertThat(kek.decrypt(kek.encrypt(Canary.nextBytes(), AD), AD)).isNotEmpty();
    }

    @Test
    void decrypt_withOtherAssociatedData_isRefusedByKms() {
        KeyEncryptionKey kek = key("aws-kms://" + keyArn);
        byte[] wrapped = kek.encrypt(Canary.nextBytes(), AD);

        assertThatThrownBy(() -> kek.decrypt(wrapped, "another-cache".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SecretsException.class)
                .hasMessageContaining("aws-kms://" + keyArn)
                .hasMessageContaining("InvalidCiphertextException")
                .satisfies(Canary::assertNotIn);
    }

    @Test
    void decrypt_tamperedCiphertext_isRefused() {
        KeyEncryptionKey kek = key("aws-kms://" + keyArn);
        byte[] wrapped = kek.encrypt(Canary.nextBytes(), AD);
        wrapped[wrapped.length - 1] ^= 1;

        assertThatThrownBy(() -> kek.decrypt(wrapped, AD)).isInstanceOf(SecretsException.class)
                .hasMessageContaining("altered");
    }

    @Test
    void decrypt_ciphertextOfAnotherKey_isRefused() {
        String other = kms.createKey(null);
        byte[] wrapped = key("aws-kms://" + other).encrypt(Canary.nextBytes(), AD);

        assertThatThrownBy(() -> key("aws-kms://" + keyArn).decrypt(wrapped, AD)).isInstanceOf(SecretsException.class)
                .hasMessageContaining("IncorrectKeyException");
    }

    @Test
    void disabledOrUnknownKey_failsNamingTheKey() {
        kms.disable(keyArn);
        assertThatThrownBy(() -> key("aws-kms://" + keyArn).encrypt(Canary.nextBytes(), AD))
                .isInstanceOf(SecretsException.class).hasMessageContaining("DisabledException");
        assertThatThrownBy(() -> key("aws-kms://alias/nope").encrypt(Canary.nextBytes(), AD))
                .isInstanceOf(SecretsException.class).hasMessageContaining("NotFoundException")
                .hasMessageContaining("aws-kms://alias/nope");
    }

    @Test
    void throttledBeyondRetries_isProviderUnavailable() {
        KeyEncryptionKey kek = key("aws-kms://" + keyArn, "secrets.provider.aws.max-attempts", "2");
        kms.throttleNext(100);

        assertThatThrownBy(() -> kek.encrypt(Canary.nextBytes(), AD)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("ThrottlingException");
        assertThat(kms.count("Encrypt")).isEqualTo(2);
    }

    @Test
    void wrongCredentials_isAccessDenied() {
        KeyEncryptionKey kek = key("aws-kms://" + keyArn, "secrets.provider.aws.access-key-id", "AKIDNOTKNOWNTOKMS000");

        assertThatThrownBy(() -> kek.encrypt(Canary.nextBytes(), AD)).isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("UnrecognizedClientException");
    }

    @Test
    void malformedUris_areConfigurationErrorsNamingTheUri() {
        for (String uri : List.of("aws-kms://", "aws-kms://arn:aws:kms:nowhere", "gcp-kms://projects/p/keys/k",
                "aws-kms://has space")) {
            assertThatThrownBy(() -> key(uri)).as(uri).isInstanceOf(SecretsConfigurationException.class)
                    .hasMessageContaining(uri).hasMessageContaining("aws-kms://<key ARN");
        }
    }

    @Test
    void withoutTheKmsModule_createFailsNamingTheArtifact() throws Exception {
        URL classes = AwsKmsKeyEncryptionKeyFactory.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader app = getClass().getClassLoader();
        // a parent that hides the KMS SDK and this module's classes, so the child defines our classes itself
        ClassLoader hiding = new ClassLoader(app) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("software.amazon.awssdk.services.kms.") || name.startsWith("io.github.dynamicsecrets.provider.aws.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        try (URLClassLoader withoutKms = new URLClassLoader(new URL[] {classes}, hiding)) {
            KeyEncryptionKeyFactory factory = (KeyEncryptionKeyFactory) withoutKms
                    .loadClass(AwsKmsKeyEncryptionKeyFactory.class.getName()).getConstructor().newInstance();

            assertThat(factory.scheme()).isEqualTo("aws-kms");
            assertThatThrownBy(() -> factory.create("aws-kms://" + keyArn, root()))
                    .isInstanceOf(SecretsConfigurationException.class)
                    .hasMessageContaining("software.amazon.awssdk:kms");
        }
    }
}
