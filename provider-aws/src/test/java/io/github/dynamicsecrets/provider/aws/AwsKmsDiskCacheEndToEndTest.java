package io.github.dynamicsecrets.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.ProviderUnavailableException;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.core.SecretsEngine;
import io.github.dynamicsecrets.provider.aws.fake.FakeKms;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.CapturedLogs;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production workflow for the encrypted disk cache: a keyset wrapped by an AWS KMS key,
 * created with the documented one-line KeysetTool command (in a child JVM), then used by the
 * engine to start while the secret store is down. All KMS traffic goes through the real
 * KmsClient to a loopback KMS.
 */
class AwsKmsDiskCacheEndToEndTest {

    @TempDir
    Path dir;

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

    private SecretsClient client(InMemorySecretProvider store, Path keyset) {
        SecretsEngine.Builder b = SecretsEngine.builder().provider("memory", store)
                .property("secrets.cache.disk.enabled", "true")
                .property("secrets.cache.disk.dir", dir.resolve("cache").toString())
                .property("secrets.cache.disk.keyset", "aws-kms://alias/cache;file:" + keyset);
        return b.properties(kms.clientProperties()).build();
    }

    private Path createKeysetWithTheDocumentedCommand() throws IOException, InterruptedException {
        Path keyset = dir.resolve("keyset.enc.json");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        kms.clientProperties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.github.dynamicsecrets.core.KeysetTool",
                "create", keyset.toString(), "--kek", "aws-kms://alias/cache"));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("encrypted under aws-kms://alias/cache");
        return keyset;
    }

    @Test
    void kmsWrappedKeyset_letsANewClientStartFromDiskWhileTheStoreIsDown() throws Exception {
        Path keyset = createKeysetWithTheDocumentedCommand();
        assertThat(kms.count("Encrypt")).isEqualTo(1);
        String keysetText = Files.readString(keyset);
        assertThat(keysetText).contains("encryptedKeyset").doesNotContain("\"value\"");

        InMemorySecretProvider store = new InMemorySecretProvider();
        String value = Canary.next();
        store.put("db/password", value);
        try (SecretsClient client = client(store, keyset)) {
            assertThat(client.getString("db/password")).isEqualTo(value);
        }
        assertThat(kms.count("Decrypt")).isEqualTo(1);
        try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
            List<Path> entries = files.filter(f -> f.getFileName().toString().endsWith(".dsc")).toList();
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).getFileName().toString()).doesNotContain("password");
            assertThat(new String(Files.readAllBytes(entries.get(0)), StandardCharsets.ISO_8859_1)).doesNotContain(value);
        }

        store.goDown();
        try (SecretsClient client = client(store, keyset)) {
            SecretValue fromDisk = client.get("db/password");
            assertThat(fromDisk.asString()).isEqualTo(value);
            assertThat(fromDisk.isStale()).isTrue();
        }
    }

    @Test
    void kmsKeyDisabled_bypassesTheCacheWithAClearWarning_andNeverServesFromIt() throws Exception {
        Path keyset = createKeysetWithTheDocumentedCommand();
        InMemorySecretProvider store = new InMemorySecretProvider();
        store.put("db/password", Canary.next());
        try (SecretsClient client = client(store, keyset)) {
            client.get("db/password");
        }
        kms.disable(keyArn);
        store.goDown();
        long mark = CapturedLogs.mark();
        try (SecretsClient client = client(store, keyset)) {
            assertThatThrownBy(() -> client.get("db/password")).isInstanceOf(ProviderUnavailableException.class);
        }
        assertThat(CapturedLogs.eventsSince(mark)).anySatisfy(e -> assertThat(e.fullText())
                .contains("secrets.cache.disk.keyset").contains("aws-kms://alias/cache"));
    }
}
