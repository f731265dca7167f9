package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dynamicsecrets.SecretRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers in separate JVMs share one local secrets file through its OS file lock. */
class LocalSecretProviderProcessesTest {

    private static final int PER_WRITER = 25;

    @TempDir
    Path dir;

    @Test
    void writersInSeveralProcesses_loseNoUpdate() throws Exception {
        Path store = dir.resolve("local-secrets.json");
        Path keysetFile = dir.resolve("keyset.json");
        String keyset = TestKeys.newKeysetJson();
        TestKeys.writeKeysetFile(keysetFile, keyset);
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<Process> children = new ArrayList<>();
        for (String prefix : List.of("a/", "b/")) {
            children.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "-Dslf4j.provider=io.github.dynamicsecrets.test.CapturingSlf4jProvider",
                    LocalWriterMain.class.getName(), store.toString(), keysetFile.toString(), prefix,
                    String.valueOf(PER_WRITER)).redirectErrorStream(true).start());
        }
        LocalSecretProvider here = new LocalSecretProvider(store, TestKeys.aead(keyset), 10, Clock.systemUTC(),
                "secrets.provider.local.");
        for (int i = 0; i < PER_WRITER; i++) {
            here.put(SecretRef.parse("c/" + i), ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        for (Process p : children) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
        }

        assertThat(here.list("")).hasSize(3 * PER_WRITER);
        for (String prefix : List.of("a/", "b/", "c/")) {
            assertThat(here.fetch(SecretRef.parse(prefix + (PER_WRITER - 1))).orElseThrow().asString()).isEqualTo("v" + (PER_WRITER - 1));
        }
    }
}
