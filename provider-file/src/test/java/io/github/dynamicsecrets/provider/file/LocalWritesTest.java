package io.github.dynamicsecrets.provider.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalWritesTest {

    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void createDirectories() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void put_writesFile0600InDirectories0700_andLeavesNoTemporaryFile() throws IOException {
        try (FileSecretProvider p = Providers.over(root)) {
            p.put(SecretRef.parse("db/prod/password"), utf8("s3cret"));
        }
        Path file = root.resolve("db/prod/password");
        assertThat(Files.readString(file)).isEqualTo("s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("db")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("db/prod")))).isEqualTo("rwx------");
        try (Stream<Path> s = Files.list(root.resolve("db/prod"))) {
            assertThat(s.map(f -> f.getFileName().toString())).containsExactly("password");
        }
    }

    @Test
    void put_whileReadersRead_theyOnlyEverSeeWholeValues() throws Exception {
        List<String> values = List.of("a".repeat(100_000), "b".repeat(10), "c".repeat(300_000));
        List<String> bad = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        try (FileSecretProvider p = Providers.over(root)) {
            p.put(SecretRef.parse("big"), utf8(values.get(0)));
            Thread reader = new Thread(() -> {
                while (!done.get()) {
                    String got = p.fetch(SecretRef.parse("big")).orElseThrow().asString();
                    if (!values.contains(got)) {
                        bad.add(got.length() + " bytes");
                    }
                }
            });
            reader.start();
            for (int i = 0; i < 60; i++) {
                p.put(SecretRef.parse("big"), utf8(values.get(i % values.size())));
            }
            done.set(true);
            reader.join();
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void put_intoAKubernetesVolume_isRefusedAndChangesNothing() {
        KubeletVolume db = new KubeletVolume(root.resolve("db"));
        String snapshot = db.write(Map.of("password", "from-kubelet"));
        try (FileSecretProvider p = Providers.over(root)) {
            assertThatThrownBy(() -> p.put(SecretRef.parse("db/password"), utf8("mine")))
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessageContaining(root.resolve("db").toRealPath().toString())
                    .hasMessageContaining("Kubernetes-managed volume");
            assertThatThrownBy(() -> p.delete(SecretRef.parse("db/password")))
                    .isInstanceOf(SecretAccessDeniedException.class).hasMessageContaining("Kubernetes-managed volume");
            assertThat(p.fetch(SecretRef.parse("db/password")).orElseThrow().asString()).isEqualTo("from-kubelet");
            assertThat(p.fetch(SecretRef.parse("db/password")).orElseThrow().version()).isEqualTo(snapshot);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void put_throughALinkLeavingTheWriteRoot_isRefusedAndCreatesNothingOutside() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), outside);
        try (FileSecretProvider p = Providers.over(root)) {
            assertThatThrownBy(() -> p.put(SecretRef.parse("escape/sub/key"), utf8("x")))
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessageContaining(root.resolve("escape").toString()).hasMessageContaining("outside the write root");
        }
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void put_overALink_replacesTheLinkNotItsTarget() throws IOException {
        Files.writeString(outside.resolve("target"), "untouched");
        Files.createSymbolicLink(root.resolve("key"), outside.resolve("target"));
        try (FileSecretProvider p = Providers.over(root)) {
            p.put(SecretRef.parse("key"), utf8("new"));
            assertThat(p.fetch(SecretRef.parse("key")).orElseThrow().asString()).isEqualTo("new");
        }
        assertThat(Files.readString(outside.resolve("target"))).isEqualTo("untouched");
        assertThat(Files.isSymbolicLink(root.resolve("key"))).isFalse();
    }

    @Test
    void put_overADirectory_isRefused() throws IOException {
        Files.createDirectories(root.resolve("db/password"));
        try (FileSecretProvider p = Providers.over(root)) {
            assertThatThrownBy(() -> p.put(SecretRef.parse("db/password"), utf8("x")))
                    .isInstanceOf(SecretAccessDeniedException.class).hasMessageContaining("is a directory");
            assertThatThrownBy(() -> p.delete(SecretRef.parse("db/password")))
                    .isInstanceOf(SecretAccessDeniedException.class).hasMessageContaining("is a directory");
        }
    }

    @Test
    void writeRoot_isTheFirstExistingWritableRoot_elseTheLastRootCreatedOnFirstWrite() {
        Path missing = tmp.resolve("missing");
        Path last = tmp.resolve("last");
        try (FileSecretProvider p = Providers.over(missing, last)) {
            p.put(SecretRef.parse("k"), utf8("v"));
        }
        assertThat(last.resolve("k")).exists();
        assertThat(missing).doesNotExist();
        try (FileSecretProvider p = Providers.over(missing, root, last)) {
            p.put(SecretRef.parse("k2"), utf8("v"));
        }
        assertThat(root.resolve("k2")).exists();
        try (FileSecretProvider p = Providers.with(Map.of("secrets.provider.file.write-root", outside.toString()), root)) {
            p.put(SecretRef.parse("k3"), utf8("v"));
            assertThat(p.fetch(SecretRef.parse("k3"))).as("the write root is not read unless it is a root").isEmpty();
        }
        assertThat(outside.resolve("k3")).exists();
    }

    @Test
    void delete_removesTheFileAndReportsWhetherItExisted() throws IOException {
        try (FileSecretProvider p = Providers.over(root)) {
            p.put(SecretRef.parse("a/b"), utf8("v"));
            assertThat(p.delete(SecretRef.parse("a/b"))).isTrue();
            assertThat(p.delete(SecretRef.parse("a/b"))).isFalse();
            assertThat(p.delete(SecretRef.parse("never/there"))).isFalse();
            assertThat(p.fetch(SecretRef.parse("a/b"))).isEqualTo(Optional.empty());
        }
        assertThat(Files.exists(root.resolve("never"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void list_skipsReservedNamesInvalidNamesAndLinksLeavingTheRoot() throws IOException {
        Files.writeString(outside.resolve("secret"), "x");
        Files.createDirectories(root.resolve("ok"));
        Files.writeString(root.resolve("ok/key"), "x");
        Files.writeString(root.resolve("ok/..tmp-0001"), "x");
        Files.writeString(root.resolve("ok/has space"), "x");
        Files.createSymbolicLink(root.resolve("ok/out"), outside.resolve("secret"));
        Files.createSymbolicLink(root.resolve("ok/in"), root.resolve("ok/key"));
        Files.createSymbolicLink(root.resolve("loop"), root);
        try (FileSecretProvider p = Providers.over(root)) {
            assertThat(p.list("")).containsExactly("ok/in", "ok/key");
            assertThat(p.list("ok/k")).containsExactly("ok/key");
            assertThat(p.list("nothing/")).isEmpty();
        }
    }
}
