package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.test.SecretProviderContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared provider contract over a Kubernetes-style volume: every store is one kubelet
 * AtomicWriter swap of the whole payload. Writes through the provider go to a second root (the
 * write root), since the volume belongs to the kubelet.
 */
class KubernetesVolumeContractTest extends SecretProviderContract {

    @TempDir
    Path tmp;

    private KubeletVolume volume;
    private final Map<String, byte[]> payload = new HashMap<>();

    @BeforeEach
    void createVolume() {
        volume = new KubeletVolume(tmp.resolve("volume"));
    }

    @Override
    protected SecretProvider createProvider() throws Exception {
        Path local = Files.createDirectories(tmp.resolve("local"));
        return Providers.with(Map.of("secrets.provider.file.write-root", local.toString()), tmp.resolve("volume"), local);
    }

    @Override
    protected synchronized void storeSecret(String path, byte[] value) {
        payload.put(path, value.clone());
        volume.writeBytes(payload);
    }

    @Override
    protected synchronized void removeSecret(String path) {
        payload.remove(path);
        volume.writeBytes(payload);
    }

    @Override
    protected List<String> unrepresentableNames() {
        return List.of("..data", "contract/..data/password", "contract/..2026_12_04_16_20_00.123/key");
    }

    @Override
    protected boolean supportsVersionPinning() {
        return false;
    }
}
