package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.test.SecretProviderContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The shared provider contract over a plain directory, written as operators do: temporary file, then rename. */
class PlainDirectoryContractTest extends SecretProviderContract {

    @TempDir
    Path root;

    @Override
    protected SecretProvider createProvider() {
        return Providers.over(root);
    }

    @Override
    protected void storeSecret(String path, byte[] value) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".store-", ".tmp");
        Files.write(tmp, value);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    protected void removeSecret(String path) throws Exception {
        Files.delete(root.resolve(path));
    }

    @Override
    protected List<String> unrepresentableNames() {
        return List.of("..data", "contract/..data/password", "contract/..2026_12_04_16_20_00.123/key", "contract/...");
    }

    /** Files keep no history: a pinned version is readable only while it is the current one. */
    @Override
    protected boolean supportsVersionPinning() {
        return false;
    }
}
