package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** The child process of {@link LocalSecretProviderProcessesTest}: puts {@code count} secrets under a prefix. */
public final class LocalWriterMain {

    private LocalWriterMain() {}

    /**
     * Writes and exits.
     *
     * @param args the store file, the keyset file, a path prefix and a count
     * @throws Exception if a write fails
     */
    public static void main(String[] args) throws Exception {
        String keyset = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        LocalSecretProvider p = new LocalSecretProvider(Path.of(args[0]), Keysets.aead(TestKeys.handle(keyset)), 10,
                Clock.systemUTC(), "secrets.provider.local.");
        int count = Integer.parseInt(args[3]);
        for (int i = 0; i < count; i++) {
            p.put(SecretRef.parse(args[2] + i), ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        System.out.println("done");
    }
}
