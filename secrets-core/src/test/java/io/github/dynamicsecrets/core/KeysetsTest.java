package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.CanaryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CanaryExtension.class)
class KeysetsTest {

    private static final String KEY = "secrets.cache.disk.keyset";
    private static final ProviderConfig ROOT = ProviderConfig.of("secrets.", Map.of());

    @TempDir
    Path dir;

    private static KeysetHandle load(String uri, Map<String, String> env) {
        return Keysets.load(KEY, uri, ROOT, KeysetsTest.class.getClassLoader(), env::get);
    }

    private static KeysetHandle load(String uri) {
        return load(uri, Map.of());
    }

    private static void roundTrips(KeysetHandle loaded, String json) throws Exception {
        byte[] ad = "ad".getBytes(StandardCharsets.UTF_8);
        byte[] ct = TestKeys.aead(json).encrypt(Canary.nextBytes(), ad);
        assertThat(Keysets.aead(loaded).decrypt(ct, ad)).isNotEmpty();
    }

    @Test
    void fileUri_withOwnerOnlyFile_loadsTheKeyset() throws Exception {
        String json = TestKeys.newKeysetJson();
        String uri = TestKeys.writeKeysetFile(dir.resolve("keyset.json"), json);

        roundTrips(load(uri), json);
        roundTrips(load("file://" + dir.resolve("keyset.json")), json);
    }

    @Test
    void fileUri_readableByGroupOrOthers_isRefusedWithChmodAdvice() throws Exception {
        Path file = dir.resolve("keyset.json");
        String uri = TestKeys.writeKeysetFile(file, TestKeys.newKeysetJson());
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            assertThatThrownBy(() -> load(uri))
                    .isInstanceOf(SecretsConfigurationException.class)
                    .hasMessage("Keyset " + KEY + "=" + uri + ": the keyset file " + file + " is accessible by group or others ("
                            + mode + "), so it is refused; run: chmod 600 " + file)
                    .extracting(e -> ((SecretsConfigurationException) e).key()).isEqualTo(KEY);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(load(uri)).isNotNull();
    }

    @Test
    void fileUri_missingFile_saysHowToCreateOne() {
        Path file = dir.resolve("nope.json");
        assertThatThrownBy(() -> load("file:" + file))
                .hasMessage("Keyset " + KEY + "=file:" + file + ": the keyset file " + file
                        + " does not exist; create it with KeysetTool create " + file + " (see DISK-CACHE.md)");
    }

    @Test
    void fileUri_notAKeyset_isRefusedWithoutQuotingTheContent() throws Exception {
        Path file = dir.resolve("keyset.json");
        String secret = Canary.next();
        TestKeys.writeKeysetFile(file, "{\"primaryKeyId\": \"" + secret);
        assertThatThrownBy(() -> load("file:" + file))
                .hasMessageStartingWith("Keyset " + KEY + "=file:" + file + ": the file " + file
                        + " does not hold a plaintext Tink JSON keyset (")
                .hasNoCause()
                .satisfies(Canary::assertNotIn);
    }

    @Test
    void envUri_readsTheVariable_andNamesAMissingOne() throws Exception {
        String json = TestKeys.newKeysetJson();
        roundTrips(load("env:CACHE_KEYSET", Map.of("CACHE_KEYSET", json)), json);

        assertThatThrownBy(() -> load("env:CACHE_KEYSET"))
                .hasMessage("Keyset " + KEY + "=env:CACHE_KEYSET: the environment variable 'CACHE_KEYSET' is not set or empty");
    }

    @Test
    void value_thatIsAKeysetItself_isRefusedWithoutQuotingAnyPartOfIt() {
        String json = TestKeys.newKeysetJson();
        for (String value : new String[] {json, "env:" + json, json + ";file:/x.json", "test-kms://k;env:" + json,
                "file:" + json}) {
            assertThatThrownBy(() -> load(value))
                    .hasMessage("Keyset " + KEY + " (value not shown: it is not a keyset URI): expected file:/path/keyset.json,"
                            + " env:VARIABLE, or <kms-uri>;file:/path/keyset.enc.json")
                    .satisfies(Canary::assertNotIn);
        }
    }

    @Test
    void keyset_withSeveralKeys_decryptsWithEveryKeyAndEncryptsWithThePrimary() throws Exception {
        String oldJson = TestKeys.newKeysetJson();
        byte[] ad = "ad".getBytes(StandardCharsets.UTF_8);
        byte[] plain = Canary.nextBytes();
        byte[] underOld = TestKeys.aead(oldJson).encrypt(plain, ad);

        String rotated = TestKeys.plantKeyMaterial(KeysetTool.serialize(KeysetTool.rotate(TestKeys.handle(oldJson))));
        KeysetHandle both = load(TestKeys.writeKeysetFile(dir.resolve("rotated.json"), rotated));

        assertThat(both.size()).isEqualTo(2);
        Aead aead = Keysets.aead(both);
        assertThat(aead.decrypt(underOld, ad)).isEqualTo(plain);
        byte[] underNew = aead.encrypt(plain, ad);
        assertThatThrownBy(() -> TestKeys.aead(oldJson).decrypt(underNew, ad))
                .as("the new primary encrypts, so the old keyset alone cannot decrypt")
                .isInstanceOf(java.security.GeneralSecurityException.class);
    }

    @Test
    void kmsUri_unwrapsAnEncryptedKeysetWithTheKeyEncryptionKey() throws Exception {
        String json = TestKeys.newKeysetJson();
        Path file = dir.resolve("keyset.enc.json");
        Files.writeString(file, KeysetTool.serializeEncrypted(TestKeys.handle(json), new TestKms().create(TestKms.uri("k1"), ROOT)));
        assertThat(Files.readString(file)).as("the encrypted file holds no key material").satisfies(s -> Canary.assertNotIn("file", s));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--")); // ciphertext may be readable

        int before = TestKms.DECRYPTS.get();
        roundTrips(load(TestKms.uri("k1") + ";file:" + file), json);
        assertThat(TestKms.DECRYPTS.get()).as("the KMS was asked to unwrap").isGreaterThan(before);

        roundTrips(load(TestKms.uri("k1") + ";env:ENC", Map.of("ENC", Files.readString(file))), json);
    }

    @Test
    void kmsUri_withWrongOrUnreachableKey_saysWhatFailed() throws Exception {
        Path file = dir.resolve("keyset.enc.json");
        Files.writeString(file, KeysetTool.serializeEncrypted(TestKeys.handle(TestKeys.newKeysetJson()),
                new TestKms().create(TestKms.uri("k1"), ROOT)));

        String wrong = TestKms.uri("other") + ";file:" + file;
        assertThatThrownBy(() -> load(wrong))
                .hasMessage("Keyset " + KEY + "=" + wrong + ": the encrypted keyset from the file " + file + " could not be"
                        + " decrypted with test-kms://other: the key-encryption key is wrong, the keyset was altered, or the KMS"
                        + " refused or is unreachable (SecretsException: test-kms: decryption with key 'other' failed)");
        String down = TestKms.uri("unreachable") + ";file:" + file;
        assertThatThrownBy(() -> load(down))
                .hasMessageEndingWith("(ProviderUnavailableException: test-kms: the KMS cannot be reached)");
    }

    @Test
    void kmsUri_withUninstalledScheme_namesTheArtifactAndInstalledSchemes() {
        assertThatThrownBy(() -> load("aws-kms://arn:aws:kms:eu-west-1:111122223333:key/abc;file:/x.json"))
                .hasMessage("Keyset " + KEY + "=aws-kms://arn:aws:kms:eu-west-1:111122223333:key/abc;file:/x.json: no"
                        + " key-encryption key for scheme 'aws-kms' is installed: add the dependency"
                        + " io.github.dynamicsecrets:secrets-provider-aws. Installed schemes: [test-kms]");
        assertThatThrownBy(() -> load("aws-kms://arn:aws:kms:eu-west-1:111122223333:key/abc"))
                .hasMessageEndingWith("a KMS key-encryption key needs the encrypted keyset after it:"
                        + " <kms-uri>;file:/path/keyset.enc.json");
    }

    @Test
    void keyset_ofAnotherPrimitive_isRefused() throws Exception {
        com.google.crypto.tink.mac.MacConfig.register();
        KeysetHandle mac = KeysetHandle.newBuilder().addEntry(KeysetHandle.generateEntryFromParameters(
                com.google.crypto.tink.mac.PredefinedMacParameters.HMAC_SHA256_256BITTAG).withRandomId().makePrimary()).build();
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(mac, com.google.crypto.tink.RegistryConfiguration.get(),
                com.google.crypto.tink.InsecureSecretKeyAccess.get());
        TestKeys.plantKeyMaterial(json);
        String uri = TestKeys.writeKeysetFile(dir.resolve("mac.json"), json);
        assertThatThrownBy(() -> load(uri))
                .hasMessageStartingWith("Keyset " + KEY + "=" + uri + ": ")
                .satisfies(Canary::assertNotIn);
    }
}
