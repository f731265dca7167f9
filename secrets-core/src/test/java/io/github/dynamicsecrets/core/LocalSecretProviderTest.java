package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.test.Canary;
import io.github.dynamicsecrets.test.CanaryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CanaryExtension.class)
class LocalSecretProviderTest {

    @TempDir
    Path dir;

    private final String keyset = TestKeys.newKeysetJson();

    private Path store() {
        return dir.resolve("config").resolve("local-secrets.json");
    }

    private SecretsClient client(String keysetUri) {
        return SecretsEngine.builder()
                .property("secrets.chain", "local")
                .property("secrets.provider.local.file", store().toString())
                .property("secrets.provider.local.keyset", keysetUri)
                .property("secrets.rotation.poll", "0")
                .build();
    }

    private String keysetUri() {
        return TestKeys.writeKeysetFile(dir.resolve("keyset.json"), keyset);
    }

    @Test
    void putThroughTheClient_persistsEncrypted_andAnotherClientReadsIt() throws Exception {
        String password = Canary.next();
        String uri = keysetUri();
        try (SecretsClient client = client(uri)) {
            SecretValue stored = client.put("db/password", password);
            assertThat(stored.provider()).isEqualTo("local");
            assertThat(client.getString("db/password")).isEqualTo(password);
        }
        String onDisk = Files.readString(store(), StandardCharsets.UTF_8);
        Canary.assertNotIn("the committed file", onDisk);
        assertThat(onDisk).doesNotContain("db/password").startsWith("{\"format\":\"dynamic-secrets-local/1\",\"ciphertext\":\"");

        try (SecretsClient later = client(uri)) {
            assertThat(later.getString("db/password")).isEqualTo(password);
        }
    }

    @Test
    void build_withWrongKeyset_failsNamingTheKeyAndFile() throws Exception {
        try (SecretsClient client = client(keysetUri())) {
            client.put("db/password", Canary.next());
        }
        String other = TestKeys.writeKeysetFile(dir.resolve("other.json"), TestKeys.newKeysetJson());

        assertThatThrownBy(() -> client(other))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("The local secrets file " + store() + " cannot be decrypted with the keyset of"
                        + " secrets.provider.local.keyset: it was encrypted under another keyset, or it was altered")
                .satisfies(Canary::assertNotIn);
    }

    @Test
    void build_withoutFileOrKeyset_saysWhatToSet() {
        assertThatThrownBy(() -> SecretsEngine.builder().property("secrets.chain", "local").build())
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("The local provider needs secrets.provider.local.file (environment variable"
                        + " SECRETS_PROVIDER_LOCAL_FILE): set it to the encrypted secrets file, for example"
                        + " secrets.provider.local.file=config/local-secrets.json");
        assertThatThrownBy(() -> SecretsEngine.builder().property("secrets.chain", "local")
                .property("secrets.provider.local.file", store().toString()).build())
                .hasMessageStartingWith("The local provider needs secrets.provider.local.keyset");
        assertThatThrownBy(() -> client("file:" + dir.resolve("missing.json")))
                .hasMessageStartingWith("Keyset secrets.provider.local.keyset=file:" + dir.resolve("missing.json")
                        + ": the keyset file " + dir.resolve("missing.json") + " does not exist");
    }

    @Test
    void alteredFile_isRefused_andNeverPartlyRead() throws Exception {
        String uri = keysetUri();
        try (SecretsClient client = client(uri)) {
            client.put("db/password", Canary.next());
        }
        byte[] b = Files.readAllBytes(store());
        int i = b.length / 2;
        b[i] = (byte) (b[i] == 'A' ? 'B' : 'A'); // still base64, so only the authentication tag can tell
        Files.write(store(), b);
        assertThatThrownBy(() -> client(uri)).hasMessageEndingWith("it was encrypted under another keyset, or it was altered");

        Files.writeString(store(), "not json " + Canary.next());
        assertThatThrownBy(() -> client(uri))
                .hasMessage("The local secrets file " + store() + " cannot be read: it is not a dynamic-secrets-local/1 file")
                .satisfies(Canary::assertNotIn);
    }

    @Test
    void versions_arePerWrite_pinnedReadsWork_andOnlyTheLastMaxVersionsAreKept() {
        LocalSecretProvider p = new LocalSecretProvider(store(), TestKeys.aead(keyset), 3, Clock.systemUTC(),
                "secrets.provider.local.");
        List<String> versions = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            values.add(Canary.next());
            versions.add(p.put(SecretRef.parse("rotating"), values.get(i).getBytes(StandardCharsets.UTF_8)).version());
        }
        assertThat(versions).doesNotHaveDuplicates();
        assertThat(p.fetch(SecretRef.parse("rotating")).orElseThrow().asString()).isEqualTo(values.get(4));
        assertThat(p.fetch(SecretRef.parse("rotating@" + versions.get(2))).orElseThrow().asString()).isEqualTo(values.get(2));
        assertThat(p.fetch(SecretRef.parse("rotating@" + versions.get(1)))).as("older than the last 3").isEmpty();

        p.delete(SecretRef.parse("rotating"));
        String after = p.put(SecretRef.parse("rotating"), Canary.nextBytes()).version();
        assertThat(versions).as("a version is never reused, even after a delete").doesNotContain(after);
    }

    @Test
    void writersInTwoProvidersOverOneFile_loseNoUpdate() throws Exception {
        LocalSecretProvider a = new LocalSecretProvider(store(), TestKeys.aead(keyset), 10, Clock.systemUTC(),
                "secrets.provider.local.");
        LocalSecretProvider b = new LocalSecretProvider(store(), TestKeys.aead(keyset), 10, Clock.systemUTC(),
                "secrets.provider.local.");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            LocalSecretProvider p = t % 2 == 0 ? a : b;
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    p.put(SecretRef.parse("w" + thread + "/s" + i), ("v" + i).getBytes(StandardCharsets.UTF_8));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(a.list("")).hasSize(60);
        assertThat(b.fetch(SecretRef.parse("w3/s14")).orElseThrow().asString()).isEqualTo("v14");
    }
}
