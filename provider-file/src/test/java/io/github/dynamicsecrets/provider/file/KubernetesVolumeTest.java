package io.github.dynamicsecrets.provider.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesVolumeTest {

    @TempDir
    Path root;

    private static String get(FileSecretProvider p, String name) {
        return p.fetch(SecretRef.parse(name)).orElseThrow().asString();
    }

    @Test
    void secretNamedDbMountedAtRootSlashDb_givesOneSecretPerKey() {
        KubeletVolume db = new KubeletVolume(root.resolve("db"));
        db.write(Map.of("username", "app", "password", "s3cret"));
        try (FileSecretProvider p = Providers.over(root)) {
            assertThat(get(p, "db/username")).isEqualTo("app");
            assertThat(get(p, "db/password")).isEqualTo("s3cret");
            assertThat(p.list("")).containsExactly("db/password", "db/username");
        }
    }

    @Test
    void rootThatIsItselfAVolume_withNestedItemPaths() {
        KubeletVolume vol = new KubeletVolume(root);
        vol.write(Map.of("db/password", "nested", "token", "top"));
        try (FileSecretProvider p = Providers.over(root)) {
            assertThat(get(p, "db/password")).isEqualTo("nested");
            assertThat(get(p, "token")).isEqualTo("top");
            assertThat(p.fetch(SecretRef.parse("missing"))).isEmpty();
            assertThat(p.list("")).containsExactly("db/password", "token");
            assertThat(p.list("db/")).containsExactly("db/password");
        }
    }

    @Test
    void version_isTheSnapshotTheContentFirstAppearedIn() {
        KubeletVolume db = new KubeletVolume(root.resolve("db"));
        String first = db.write(Map.of("password", "one", "username", "app"));
        try (FileSecretProvider p = Providers.over(root)) {
            assertThat(p.fetch(SecretRef.parse("db/password")).orElseThrow().version()).isEqualTo(first);
            assertThat(p.fetch(SecretRef.parse("db/username")).orElseThrow().version()).isEqualTo(first);

            String second = db.write(Map.of("password", "two", "username", "app"));

            assertThat(p.fetch(SecretRef.parse("db/password")).orElseThrow().version()).isEqualTo(second);
            assertThat(p.version(SecretRef.parse("db/password"))).contains(second);
            // unchanged bytes keep their version, so the engine never sees a rotation for them
            assertThat(p.fetch(SecretRef.parse("db/username")).orElseThrow().version()).isEqualTo(first);
            assertThat(p.version(SecretRef.parse("db/username"))).contains(first);
        }
    }

    @Test
    void version_whileSnapshotUnchanged_isAnsweredWithoutReadingTheFile() throws IOException {
        KubeletVolume db = new KubeletVolume(root.resolve("db"));
        String snapshot = db.write(Map.of("password", "one"));
        try (FileSecretProvider p = Providers.over(root)) {
            p.fetch(SecretRef.parse("db/password"));
            // make the file unreadable as a regular file: only a version check that skips reading still answers
            Path file = root.resolve("db").resolve(snapshot).resolve("password");
            Files.delete(file);
            Files.createDirectory(file);
            assertThat(p.version(SecretRef.parse("db/password"))).contains(snapshot);
        }
    }

    @Test
    void snapshotEditedInPlace_notTheKubeletsWay_stillGetsANewPinnableVersion() throws IOException {
        KubeletVolume db = new KubeletVolume(root.resolve("db"));
        String snapshot = db.write(Map.of("password", "one"));
        try (FileSecretProvider p = Providers.over(root)) {
            assertThat(p.fetch(SecretRef.parse("db/password")).orElseThrow().version()).isEqualTo(snapshot);
            Files.writeString(root.resolve("db").resolve(snapshot).resolve("password"), "edited");
            SecretValue edited = p.fetch(SecretRef.parse("db/password")).orElseThrow();
            assertThat(edited.version()).startsWith(snapshot).isNotEqualTo(snapshot);
            assertThat(p.fetch(SecretRef.parse("db/password@" + edited.version())).orElseThrow().asString()).isEqualTo("edited");
        }
    }

    @Test
    void fetch_afterSwap_readsNewSnapshotAndOldDirectoryIsGone() {
        KubeletVolume db = new KubeletVolume(root.resolve("db"));
        String first = db.write(Map.of("password", "one"));
        try (FileSecretProvider p = Providers.over(root)) {
            assertThat(get(p, "db/password")).isEqualTo("one");
            db.write(Map.of("password", "two"));
            assertThat(Files.exists(root.resolve("db").resolve(first))).isFalse();
            assertThat(get(p, "db/password")).isEqualTo("two");
        }
    }

    @Test
    void keyRemovedFromSecret_isNotFoundAfterSwap() {
        KubeletVolume db = new KubeletVolume(root.resolve("db"));
        db.write(Map.of("password", "one", "old", "x"));
        try (FileSecretProvider p = Providers.over(root)) {
            assertThat(get(p, "db/old")).isEqualTo("x");
            db.write(Map.of("password", "one"));
            assertThat(p.fetch(SecretRef.parse("db/old"))).isEmpty();
            assertThat(Files.exists(root.resolve("db/old"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        }
    }

    @Test
    void serviceAccountStyleProjectedVolumeBelowAPlainRoot() {
        KubeletVolume sa = new KubeletVolume(root.resolve("kubernetes.io/serviceaccount"));
        sa.write(Map.of("token", "eyJ-token", "namespace", "default"));
        try (FileSecretProvider p = Providers.over(root)) {
            SecretValue token = p.fetch(SecretRef.parse("kubernetes.io/serviceaccount/token")).orElseThrow();
            assertThat(token.asString()).isEqualTo("eyJ-token");
            assertThat(token.version()).startsWith("..");
        }
    }

    @Test
    void dockerSecretsStyleFlatDirectory() throws IOException {
        Files.writeString(root.resolve("db_password"), "compose");
        try (FileSecretProvider p = Providers.over(root)) {
            assertThat(get(p, "db_password")).isEqualTo("compose");
        }
    }
}
