package io.github.dynamicsecrets.provider.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.dynamicsecrets.SecretRotation;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.core.SecretsEngine;
import io.github.dynamicsecrets.test.Canary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the real engine ({@code secrets-core}) with real listeners: kubelet swaps
 * reach {@code onRotation} listeners exactly once per changed key, never for unchanged keys. Polls
 * are set to an hour, so only the provider's pushed changes can produce rotations. Values are
 * canaries; the suite-wide {@code CanaryExtension} fails any test whose logs contain one.
 */
class EngineRotationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SWAPS = 20;

    @TempDir
    Path root;

    private SecretsClient client(FileSecretProvider provider) {
        return SecretsEngine.builder()
                .property("secrets.rotation.poll", "PT1H")
                .property("secrets.cache.refresh", "PT1H")
                .provider("file", provider)
                .build();
    }

    @Test
    void kubeletSwaps_reachListenersOncePerChangedKey_andNeverForUnchangedKeys() {
        KubeletVolume db = new KubeletVolume(root.resolve("db"));
        String user = Canary.next();
        List<String> passwords = new ArrayList<>();
        passwords.add(Canary.next());
        db.write(Map.of("password", passwords.get(0), "username", user));
        List<SecretRotation> pw = new CopyOnWriteArrayList<>();
        List<SecretRotation> un = new CopyOnWriteArrayList<>();

        try (SecretsClient client = client(Providers.with(Map.of("secrets.rotation.poll", "PT1H"), root))) {
            assertThat(client.getString("db/password")).isEqualTo(passwords.get(0));
            assertThat(client.getString("db/username")).isEqualTo(user);
            client.onRotation("db/password", pw::add);
            client.onRotation("db/username", un::add);

            for (int i = 1; i <= SWAPS; i++) {
                passwords.add(Canary.next());
                db.write(Map.of("password", passwords.get(i), "username", user));
                int expected = i;
                await().atMost(WAIT).until(() -> pw.size() == expected);
                assertThat(client.getString("db/password")).isEqualTo(passwords.get(i));
            }
            // the last change, to username alone: once its rotation is in, nothing else is on its way
            String newUser = Canary.next();
            db.write(Map.of("password", passwords.get(SWAPS), "username", newUser));
            await().atMost(WAIT).until(() -> un.size() == 1);

            assertThat(pw).hasSize(SWAPS);
            for (int i = 0; i < SWAPS; i++) {
                assertThat(pw.get(i).previous().map(SecretValue::asString)).contains(passwords.get(i));
                assertThat(pw.get(i).current().asString()).isEqualTo(passwords.get(i + 1));
            }
            assertThat(un.get(0).current().asString()).isEqualTo(newUser);
            assertThat(client.getString("db/username")).isEqualTo(newUser);
        }
    }

    @Test
    void factoryFoundByName_plainFileRenamedOver_rotatesAndJsonFieldsWork() throws Exception {
        Path file = Files.createDirectories(root.resolve("db")).resolve("creds");
        String first = Canary.next();
        String second = Canary.next();
        Files.writeString(file, "{\"user\":\"app\",\"password\":\"" + first + "\"}");
        Map<String, String> props = new HashMap<>();
        props.put("secrets.chain", "file");
        props.put("secrets.provider.file.roots", root.toString());
        props.put("secrets.rotation.poll", "PT1H");
        props.put("secrets.cache.refresh", "PT1H");
        List<SecretRotation> rotations = new CopyOnWriteArrayList<>();

        try (SecretsClient client = SecretsEngine.builder().properties(props).build()) {
            assertThat(client.getString("db/creds#password")).isEqualTo(first);
            assertThat(client.get("db/creds").provider()).isEqualTo("file");
            client.onRotation("db/creds#password", rotations::add);

            Path tmp = file.resolveSibling(".creds.tmp");
            Files.writeString(tmp, "{\"user\":\"app\",\"password\":\"" + second + "\"}");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);

            await().atMost(WAIT).until(() -> rotations.size() == 1);
            assertThat(rotations.get(0).current().asString()).isEqualTo(second);
            assertThat(client.getString("db/creds#password")).isEqualTo(second);
        }
    }
}
