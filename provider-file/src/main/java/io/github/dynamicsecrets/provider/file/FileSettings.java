package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.ProviderConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The provider's configuration, read and checked once. Immutable. */
final class FileSettings {

    /** Kubernetes/Compose conventions first, then a project-local folder for laptops. */
    static final String DEFAULT_ROOTS = "/run/secrets,/var/run/secrets,./secrets";
    static final long DEFAULT_MAX_SIZE = 1024 * 1024;
    static final Duration DEFAULT_POLL = Duration.ofMinutes(1);

    final List<Path> roots;
    final Optional<Path> writeRoot;
    final long maxSize;
    final boolean watch;
    final Duration poll;

    private FileSettings(List<Path> roots, Optional<Path> writeRoot, long maxSize, boolean watch, Duration poll) {
        this.roots = List.copyOf(roots);
        this.writeRoot = writeRoot;
        this.maxSize = maxSize;
        this.watch = watch;
        this.poll = poll;
    }

    static FileSettings from(ProviderConfig config) {
        List<String> rawRoots = config.get("roots").isPresent() ? config.getList("roots") : List.of(DEFAULT_ROOTS.split(","));
        if (rawRoots.isEmpty()) {
            throw config.invalid("roots", config.getString("roots", ""), "a comma-separated list of directories such as "
                    + DEFAULT_ROOTS);
        }
        List<Path> roots = new ArrayList<>();
        for (String raw : rawRoots) {
            roots.add(toPath(config, "roots", raw));
        }
        Optional<Path> writeRoot = config.get("write-root").map(raw -> toPath(config, "write-root", raw));
        long maxSize = config.getBytes("max-size", DEFAULT_MAX_SIZE);
        if (maxSize < 1 || maxSize > Integer.MAX_VALUE - 8) {
            throw config.invalid("max-size", config.getString("max-size", ""), "a size from 1 byte to 2GiB, such as 1MiB");
        }
        boolean watch = config.getBoolean("watch", true);
        // zero turns the safety-net poll off, as it turns the engine's version polling off
        Duration poll = config.withPrefix("secrets.").getDuration("rotation.poll", DEFAULT_POLL);
        return new FileSettings(roots, writeRoot, maxSize, watch, poll);
    }

    /** {@code ~/x} is under the user's home, a relative path under the working directory. */
    private static Path toPath(ProviderConfig config, String key, String raw) {
        try {
            String expanded = raw.equals("~") || raw.startsWith("~/")
                    ? System.getProperty("user.home") + raw.substring(1)
                    : raw;
            return Path.of(expanded).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            SecretsConfigurationException ex = config.invalid(key, raw, "a directory path (" + e.getReason() + ")");
            ex.initCause(e);
            throw ex;
        }
    }
}
