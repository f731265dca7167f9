package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.test.SecretProviderContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract for {@code local}. The store is written through a second provider over
 * the same file, as a developer's other process (or a colleague's commit) would write it.
 */
class LocalSecretProviderContractTest extends SecretProviderContract {

    private static final String KEYSET = TestKeys.newKeysetJson();

    @TempDir
    Path dir;

    private LocalSecretProvider open() {
        return new LocalSecretProvider(dir.resolve("secrets.json"), TestKeys.aead(KEYSET), 10, Clock.systemUTC(),
                "secrets.provider.local.");
    }

    @Override
    protected SecretProvider createProvider() {
        return open();
    }

    @Override
    protected void storeSecret(String path, byte[] value) {
        open().put(SecretRef.parse(path), value);
    }

    @Override
    protected void removeSecret(String path) {
        open().delete(SecretRef.parse(path));
    }
}
