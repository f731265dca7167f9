package io.github.dynamicsecrets.provider.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.SecretProviderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSecretProviderTest {

    @TempDir
    Path root;

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void fetch_mapsPathSegmentsToDirectories() throws IOException {
        write(root.resolve("db/password"), "s3cret");
        try (FileSecretProvider p = Providers.over(root)) {
            SecretValue v = p.fetch(SecretRef.parse("db/password")).orElseThrow();
            assertThat(v.asString()).isEqualTo("s3cret");
            assertThat(v.name()).isEqualTo("db/password");
            assertThat(v.provider()).isEqualTo("file");
        }
    }

    @Test
    void fetch_whenNoRootHasTheFile_isEmpty() {
        try (FileSecretProvider p = Providers.over(root, root.resolve("not-mounted"))) {
            assertThat(p.fetch(SecretRef.parse("db/password"))).isEmpty();
            assertThat(p.version(SecretRef.parse("db/password"))).isEmpty();
        }
    }

    @Test
    void fetch_readsBinaryContentUnchanged() throws IOException {
        byte[] bytes = {0, 1, 2, (byte) 0xff, '\n'};
        Files.write(root.resolve("blob"), bytes);
        try (FileSecretProvider p = Providers.over(root)) {
            assertThat(p.fetch(SecretRef.parse("blob")).orElseThrow().asBytes()).containsExactly(bytes);
        }
    }

    @Test
    void fetch_firstRootThatHasTheFileAnswers(@TempDir Path second) throws IOException {
        write(second.resolve("api/token"), "from-second");
        write(second.resolve("db/password"), "shadowed");
        write(root.resolve("db/password"), "from-first");
        try (FileSecretProvider p = Providers.over(root, second)) {
            assertThat(p.fetch(SecretRef.parse("db/password")).orElseThrow().asString()).isEqualTo("from-first");
            assertThat(p.fetch(SecretRef.parse("api/token")).orElseThrow().asString()).isEqualTo("from-second");
        }
    }

    @Test
    void version_ofPlainFile_isADigestThatFollowsTheContent() throws IOException {
        write(root.resolve("token"), "one");
        try (FileSecretProvider p = Providers.over(root)) {
            SecretRef ref = SecretRef.parse("token");
            String v1 = p.version(ref).orElseThrow();
            assertThat(v1).matches("[0-9a-f]{32}").isEqualTo(p.fetch(ref).orElseThrow().version());
            assertThat(p.version(ref)).contains(v1);
            write(root.resolve("token"), "two");
            assertThat(p.version(ref).orElseThrow()).isNotEqualTo(v1);
            write(root.resolve("token"), "one");
            assertThat(p.version(ref)).contains(v1);
        }
    }

    @Test
    void version_isNoUnkeyedHashOfTheContent() throws IOException {
        write(root.resolve("pin"), "1234");
        try (FileSecretProvider a = Providers.over(root); FileSecretProvider b = Providers.over(root)) {
            // a plain digest would be the same in every process and let anyone who reads logs test guesses
            assertThat(a.version(SecretRef.parse("pin"))).isNotEqualTo(b.version(SecretRef.parse("pin")));
        }
    }

    @Test
    void fetch_pinnedVersion_isFoundOnlyWhileCurrent() throws IOException {
        write(root.resolve("token"), "one");
        try (FileSecretProvider p = Providers.over(root)) {
            String v1 = p.version(SecretRef.parse("token")).orElseThrow();
            SecretValue pinned = p.fetch(SecretRef.parse("token@" + v1)).orElseThrow();
            assertThat(pinned.asString()).isEqualTo("one");
            assertThat(pinned.name()).isEqualTo("token@" + v1);
            write(root.resolve("token"), "two");
            assertThat(p.fetch(SecretRef.parse("token@" + v1))).isEmpty();
        }
    }

    @Test
    void fetch_nameWithSegmentReservedByVolumeLayout_isRefused() {
        try (FileSecretProvider p = Providers.over(root)) {
            assertThatThrownBy(() -> p.fetch(SecretRef.parse("db/..data")))
                    .isInstanceOf(InvalidSecretNameException.class)
                    .hasMessageContaining("db/..data").hasMessageContaining("reserves");
        }
    }

    @Test
    void toString_showsRootsAndNoValue() throws IOException {
        write(root.resolve("canary"), "CANARY-7f3e9c");
        try (FileSecretProvider p = Providers.over(root)) {
            p.fetch(SecretRef.parse("canary"));
            assertThat(p.toString()).contains(root.toString()).doesNotContain("CANARY-7f3e9c");
        }
    }

    @Test
    void factory_isFoundByServiceLoaderUnderTheNameFile() {
        assertThat(StreamSupport.stream(ServiceLoader.load(SecretProviderFactory.class).spliterator(), false)
                .map(SecretProviderFactory::name)).contains("file");
    }

    @Test
    void factory_defaults_includeProjectLocalSecretsDirectory() {
        FileSettings s = FileSettings.from(ProviderConfig.of("secrets.provider.file.", Map.of()));
        assertThat(s.roots).containsExactly(Path.of("/run/secrets"), Path.of("/var/run/secrets"),
                Path.of(System.getProperty("user.dir"), "secrets").toAbsolutePath().normalize());
        assertThat(s.maxSize).isEqualTo(1024 * 1024);
        assertThat(s.poll).hasMinutes(1);
        assertThat(s.watch).isTrue();
    }

    @Test
    void factory_expandsHomeInRoots() {
        FileSettings s = FileSettings.from(ProviderConfig.of("secrets.provider.file.",
                Map.of("secrets.provider.file.roots", "~/.config/dynamic-secrets")));
        assertThat(s.roots).containsExactly(Path.of(System.getProperty("user.home"), ".config/dynamic-secrets"));
    }

    @Test
    void factory_badMaxSize_namesKeyValueAndWhatIsValid() {
        assertThatThrownBy(() -> FileSettings.from(ProviderConfig.of("secrets.provider.file.",
                Map.of("secrets.provider.file.max-size", "lots"))))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessageContaining("secrets.provider.file.max-size").hasMessageContaining("lots").hasMessageContaining("1MiB");
    }

    @Test
    void factory_zeroPoll_turnsTheSafetyNetPollOff() {
        FileSettings s = FileSettings.from(ProviderConfig.of("secrets.provider.file.", Map.of("secrets.rotation.poll", "0")));
        assertThat(s.poll).isZero();
    }

    @Test
    void factory_negativePoll_namesKeyAndValue() {
        assertThatThrownBy(() -> FileSettings.from(ProviderConfig.of("secrets.provider.file.",
                Map.of("secrets.rotation.poll", "-PT1M"))))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessageContaining("secrets.rotation.poll").hasMessageContaining("-PT1M");
    }

    @Test
    void fetch_rootThatIsAFile_failsNamingTheRootsKey() throws IOException {
        Path file = root.resolve("not-a-dir");
        Files.writeString(file, "x", StandardCharsets.UTF_8);
        try (FileSecretProvider p = Providers.over(file)) {
            assertThatThrownBy(() -> p.fetch(SecretRef.parse("a")))
                    .isInstanceOf(SecretsConfigurationException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("secrets.provider.file.roots");
        }
    }

    @Test
    void fetch_pathThroughARegularFile_isEmpty() throws IOException {
        write(root.resolve("db"), "a file, not a directory");
        try (FileSecretProvider p = Providers.over(root)) {
            assertThat(p.fetch(SecretRef.parse("db/password"))).isEmpty();
        }
    }
}
