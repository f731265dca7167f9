package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.CanaryExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CanaryExtension.class)
class KeysetToolTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return KeysetTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static KeysetHandle load(String uri) {
        return Keysets.load("keyset", uri, ProviderConfig.of("secrets.", Map.of()), KeysetToolTest.class.getClassLoader(),
                name -> null);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void create_writesAnOwnerOnlyKeyset_printsNoKeyMaterial_andNeverOverwrites() throws Exception {
        Path file = dir.resolve("sub").resolve("keyset.json");

        assertThat(run("create", file.toString())).isZero();

        String json = TestKeys.plantKeyMaterial(Files.readString(file));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(load("file:" + file).size()).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Created an AES256_GCM keyset in " + file + " (mode 0600)\n");

        assertThat(run("create", file.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(file + " exists; it is never overwritten");
        assertThat(Files.readString(file)).isEqualTo(json);
        Canary.assertNotIn("tool output", printed());
    }

    @Test
    void rotate_addsAPrimaryKey_andOldCiphertextStillDecrypts() throws Exception {
        Path file = dir.resolve("keyset.json");
        run("create", file.toString());
        String before = TestKeys.plantKeyMaterial(Files.readString(file));
        byte[] ad = {1};
        byte[] secret = Canary.nextBytes();
        byte[] ct = TestKeys.aead(before).encrypt(secret, ad);

        assertThat(run("rotate", file.toString())).isZero();

        TestKeys.plantKeyMaterial(Files.readString(file));
        KeysetHandle after = load("file:" + file);
        assertThat(after.size()).isEqualTo(2);
        assertThat(after.getPrimary().getId()).isNotEqualTo(TestKeys.handle(before).getPrimary().getId());
        assertThat(Keysets.aead(after).decrypt(ct, ad)).isEqualTo(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Canary.assertNotIn("tool output", printed());
    }

    @Test
    void createAndRotate_withKek_writeAnEncryptedKeysetThatOnlyTheKekOpens() throws Exception {
        Path file = dir.resolve("keyset.enc.json");
        String kek = TestKms.uri("tool");

        assertThat(run("create", file.toString(), "--kek", kek)).isZero();
        assertThat(run("rotate", file.toString(), "--kek", kek)).isZero();

        assertThat(Files.readString(file)).contains("encryptedKeyset").doesNotContain("keyData");
        assertThat(load(kek + ";file:" + file).size()).isEqualTo(2);
        assertThat(run("rotate", file.toString(), "--kek", TestKms.uri("another"))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not be decrypted with test-kms://another");
    }

    @Test
    void wrongUsage_printsUsage() {
        assertThat(run("make", "x")).isEqualTo(2);
        assertThat(run("create")).isEqualTo(2);
        assertThat(run("create", "x", "--kms", "y")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: KeysetTool create|rotate <keyset-file> [--kek <kms-uri>]");
    }
}
