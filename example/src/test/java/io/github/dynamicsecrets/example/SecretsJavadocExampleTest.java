package io.github.dynamicsecrets.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.Secrets;
import io.github.dynamicsecrets.Subscription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the usage example from the {@link Secrets} class javadoc, line for line. */
class SecretsJavadocExampleTest {

    @AfterEach
    void reset() {
        FacadeReset.unbindAndClearConfiguration();
    }

    @Test
    void javadocExample_compilesAndRuns(@TempDir Path runSecrets) throws Exception {
        Files.createDirectories(runSecrets.resolve("db"));
        Files.writeString(runSecrets.resolve("db/password"), "example-password");
        System.setProperty("secrets.chain", "file");
        System.setProperty("secrets.provider.file.roots", runSecrets.toString());
        List<String> printed = new CopyOnWriteArrayList<>();

        // --- the example, as in the javadoc (System.out.println replaced by printed::add) ---
        String password = Secrets.get("db/password").asString();
        Optional<SecretValue> token = Secrets.find("api/token");
        try (Subscription s = Secrets.onRotation("db/password",
                rotation -> printed.add("now at version " + rotation.current().version()))) {
            assertThat(s).isNotNull();
        }
        // --- end of the example ---

        assertThat(password).isEqualTo("example-password");
        assertThat(token).isEmpty();
    }
}
