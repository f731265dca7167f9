package io.github.dynamicsecrets.provider.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.dynamicsecrets.InvalidSecretNameException;
import io.github.dynamicsecrets.SecretAccessDeniedException;
import io.github.dynamicsecrets.SecretRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each hostile input is refused with an error naming the file and the reason, without reading outside the root or hanging. */
class HostileInputTest {

    private static final String CANARY = "CANARY-hostile-5d1c0b";
    /** Generous: only a read that blocks forever on a FIFO comes near it. */
    private static final Duration HANG = Duration.ofSeconds(30);

    /** One temporary directory holding both, so JUnit's clean-up finds no link leaving it. */
    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void createRootAndOutside() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
    }

    @Test
    void traversalInNames_isRefusedBeforeTheFileSystemIsTouched() throws IOException {
        Files.writeString(outside.resolve("passwd"), CANARY);
        assertThatThrownBy(() -> SecretRef.parse("../" + outside.getFileName() + "/passwd"))
                .isInstanceOf(InvalidSecretNameException.class).hasMessageContaining("'..'");
        // defence in depth: the provider's own check refuses what the grammar already forbids
        assertThatThrownBy(() -> Layout.segments("../" + outside.getFileName() + "/passwd"))
                .isInstanceOf(InvalidSecretNameException.class).hasMessageContaining("'..'");
        assertThatThrownBy(() -> Layout.segments("/etc/passwd")).isInstanceOf(InvalidSecretNameException.class);
        try (FileSecretProvider p = Providers.over(root)) {
            for (String name : List.of("..data/password", "db/..2024_01_01_00_00_00.1/password", "db/...")) {
                assertThatThrownBy(() -> p.fetch(SecretRef.parse(name)))
                        .isInstanceOf(InvalidSecretNameException.class)
                        .hasMessageContaining(name).hasMessageContaining("starts with '..'");
                assertThatThrownBy(() -> p.put(SecretRef.parse(name), new byte[] {1}))
                        .isInstanceOf(InvalidSecretNameException.class);
            }
        }
    }

    @Test
    void symlinkResolvingOutsideTheRoot_isRefused() throws IOException {
        Files.writeString(outside.resolve("secret"), CANARY);
        Files.createDirectories(root.resolve("db"));
        Files.createSymbolicLink(root.resolve("db/password"), outside.resolve("secret"));
        Files.createSymbolicLink(root.resolve("relative"), Path.of("../" + outside.getFileName() + "/secret"));
        Files.createSymbolicLink(root.resolve("linkeddir"), outside);
        try (FileSecretProvider p = Providers.over(root)) {
            for (String name : List.of("db/password", "relative", "linkeddir/secret")) {
                assertThatThrownBy(() -> p.fetch(SecretRef.parse(name)))
                        .isInstanceOf(SecretAccessDeniedException.class)
                        .hasMessageContaining(root.resolve(name).toString())
                        .hasMessageContaining("outside the root")
                        .hasMessageNotContaining(CANARY);
            }
        }
    }

    @Test
    void volumeWhoseDataLinkPointsOutsideTheRoot_isRefused() throws IOException {
        Files.createDirectories(outside.resolve("snap"));
        Files.writeString(outside.resolve("snap/password"), CANARY);
        Path vol = Files.createDirectories(root.resolve("db"));
        Files.createSymbolicLink(vol.resolve("..data"), outside.resolve("snap"));
        Files.createSymbolicLink(vol.resolve("password"), Path.of("..data/password"));
        try (FileSecretProvider p = Providers.over(root)) {
            assertThatThrownBy(() -> p.fetch(SecretRef.parse("db/password")))
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessageContaining("outside the root").hasMessageNotContaining(CANARY);
        }
    }

    @Test
    void fifo_isRefusedWithoutBlocking() throws Exception {
        Path fifo = root.resolve("pipe");
        Assumptions.assumeTrue(run("mkfifo", fifo.toString()) == 0, "mkfifo is not available here");
        Files.createSymbolicLink(root.resolve("link-to-pipe"), fifo);
        try (FileSecretProvider p = Providers.over(root)) {
            assertTimeoutPreemptively(HANG, () -> {
                for (String name : List.of("pipe", "link-to-pipe")) {
                    assertThatThrownBy(() -> p.fetch(SecretRef.parse(name)))
                            .isInstanceOf(SecretAccessDeniedException.class)
                            .hasMessageContaining(root.resolve(name).toString())
                            .hasMessageContaining("FIFO");
                    assertThatThrownBy(() -> p.version(SecretRef.parse(name))).isInstanceOf(SecretAccessDeniedException.class);
                }
                assertThat(p.list("")).doesNotContain("pipe", "link-to-pipe");
            });
        }
    }

    @Test
    void deviceNode_isRefused() throws Exception {
        Path dev = root.resolve("null");
        Assumptions.assumeTrue(run("mknod", dev.toString(), "c", "1", "3") == 0,
                "mknod needs CAP_MKNOD (root); not available to this test run");
        try (FileSecretProvider p = Providers.over(root)) {
            assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> p.fetch(SecretRef.parse("null")))
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessageContaining(dev.toString())
                    .hasMessageContaining("character device"));
        }
    }

    @Test
    void directoryWhereAFileIsExpected_isRefused() throws IOException {
        Files.createDirectories(root.resolve("db/password"));
        try (FileSecretProvider p = Providers.over(root)) {
            assertThatThrownBy(() -> p.fetch(SecretRef.parse("db/password")))
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessageContaining(root.resolve("db/password").toString())
                    .hasMessageContaining("is a directory");
        }
    }

    @Test
    void fileOverTheSizeLimit_isRefused() throws IOException {
        byte[] big = new byte[1024 * 1024 + 1];
        byte[] canary = CANARY.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(canary, 0, big, 0, canary.length);
        Files.write(root.resolve("big"), big);
        Files.write(root.resolve("limit"), new byte[1024 * 1024]);
        Files.writeString(root.resolve("small"), "0123456789abcdefX");
        try (FileSecretProvider p = Providers.over(root)) {
            assertThatThrownBy(() -> p.fetch(SecretRef.parse("big")))
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessageContaining(root.resolve("big").toString())
                    .hasMessageContaining("1048577 bytes").hasMessageContaining("1048576")
                    .hasMessageContaining("secrets.provider.file.max-size")
                    .hasMessageNotContaining(CANARY);
            assertThat(p.fetch(SecretRef.parse("limit")).orElseThrow().length()).isEqualTo(1024 * 1024);
        }
        try (FileSecretProvider p = Providers.with(Map.of("secrets.provider.file.max-size", "16B"), root)) {
            assertThatThrownBy(() -> p.fetch(SecretRef.parse("small")))
                    .isInstanceOf(SecretAccessDeniedException.class).hasMessageContaining("over the limit of 16 bytes");
        }
    }

    @Test
    void symlinkLoop_isRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), root.resolve("b"));
        Files.createSymbolicLink(root.resolve("b"), root.resolve("a"));
        try (FileSecretProvider p = Providers.over(root)) {
            assertThatThrownBy(() -> p.fetch(SecretRef.parse("a")))
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessageContaining(root.resolve("a").toString()).hasMessageContaining("loop");
        }
    }

    /**
     * As root the permission bits do not stop a read, so when running as root the read is tried
     * in a child JVM started with {@code setpriv} without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH;
     * without setpriv the case is skipped with that reason.
     */
    @Test
    void unreadableFile_isRefused() throws Exception {
        Path file = root.resolve("locked");
        Files.writeString(file, CANARY);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        String expected = "not readable by this process (permission denied)";
        if (!Files.isReadable(file)) {
            try (FileSecretProvider p = Providers.over(root)) {
                assertThatThrownBy(() -> p.fetch(SecretRef.parse("locked")))
                        .isInstanceOf(SecretAccessDeniedException.class)
                        .hasMessageContaining(file.toString()).hasMessageContaining(expected)
                        .hasMessageNotContaining(CANARY);
            }
            return;
        }
        Assumptions.assumeTrue(run("setpriv", "--version") == 0,
                "running as root, which reads any file, and setpriv is not available to drop that capability");
        String out = runJava("setpriv", "--bounding-set", "-dac_override,-dac_read_search");
        assertThat(out).startsWith("REFUSED " + SecretAccessDeniedException.class.getName())
                .contains(file.toString()).contains(expected).doesNotContain(CANARY);
    }

    private String runJava(String... prefix) throws Exception {
        String cp = String.join(java.io.File.pathSeparator,
                codeSource(FileSecretProvider.class), codeSource(SecretRef.class), codeSource(UnreadableProbe.class));
        List<String> cmd = new ArrayList<>(List.of(prefix));
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                UnreadableProbe.class.getName(), root.toString(), "locked"));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (InputStream in = proc.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(proc.waitFor(2, TimeUnit.MINUTES)).isTrue();
            return out.trim();
        }
    }

    private static String codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static int run(String... cmd) throws InterruptedException {
        try {
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return proc.waitFor(1, TimeUnit.MINUTES) ? proc.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
