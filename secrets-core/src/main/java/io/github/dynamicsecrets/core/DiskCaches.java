package io.github.dynamicsecrets.core;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the disk cache from {@code secrets.cache.disk.*}. Malformed values of {@code enabled}
 * and {@code max-entries} fail the build like every other engine key. Everything about the
 * keyset and the directory (missing, unreadable, loose permissions, not a keyset, wrong keyset,
 * KMS unreachable, directory not writable) is logged as one WARN naming the key and the problem,
 * and the client runs without a disk cache: the cache exists to keep an application running, so
 * it must never be the reason one fails to start.
 */
final class DiskCaches {

    static final String PREFIX = "secrets.cache.disk.";
    static final String KEYSET_KEY = PREFIX + "keyset";
    static final long DEFAULT_MAX_ENTRIES = 10_000;

    private static final Logger log = LoggerFactory.getLogger(DiskCaches.class);

    private DiskCaches() {}

    /** The default directory: {@code ${user.home}/.cache/dynamic-secrets}. */
    static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "dynamic-secrets");
    }

    static DiskCache create(ProviderConfig root, ClassLoader loader) {
        return create(root, loader, System::getenv);
    }

    static DiskCache create(ProviderConfig root, ClassLoader loader, Function<String, String> env) {
        ProviderConfig c = root.withPrefix(PREFIX);
        boolean enabled = c.getBoolean("enabled", false);
        long maxEntries = c.getLong("max-entries", DEFAULT_MAX_ENTRIES);
        if (maxEntries < 1) {
            throw c.invalid("max-entries", String.valueOf(maxEntries), "a whole number of at least 1");
        }
        Optional<String> keysetUri = c.get("keyset");
        if (!enabled) {
            if (keysetUri.isPresent()) {
                log.info("{} is set but {}enabled is not true: the encrypted disk cache is off", KEYSET_KEY, PREFIX);
            }
            return DiskCache.DISABLED;
        }
        Path dir;
        try {
            dir = c.get("dir").map(Path::of).orElseGet(DiskCaches::defaultDirectory);
        } catch (RuntimeException e) {
            throw c.invalid("dir", c.getString("dir", ""), "a directory path");
        }
        if (keysetUri.isEmpty()) {
            bypass(KEYSET_KEY + " is not set, so " + PREFIX + "enabled=true cannot take effect; set it to"
                    + " file:/path/keyset.json, env:VARIABLE or <kms-uri>;file:/path/keyset.enc.json");
            return DiskCache.DISABLED;
        }
        Aead aead;
        try {
            KeysetHandle handle = Keysets.load(KEYSET_KEY, keysetUri.get(), root, loader, env);
            aead = Keysets.aead(handle);
        } catch (SecretsConfigurationException e) {
            bypass(e.getMessage());
            return DiskCache.DISABLED;
        } catch (GeneralSecurityException | RuntimeException e) {
            bypass(KEYSET_KEY + ": the keyset cannot be used (" + e.getClass().getSimpleName() + ")");
            return DiskCache.DISABLED;
        }
        return open(dir, aead, maxEntries);
    }

    /** Opens (creating if needed) a cache directory owned by the keyset behind {@code aead}. */
    static DiskCache open(Path dir, Aead aead, long maxEntries) {
        try {
            if (PrivateFiles.ensurePrivateDirectory(dir)) {
                log.warn("Disk cache directory {} ({}dir) was accessible by group or others; it is now 0700", dir, PREFIX);
            }
        } catch (IOException | RuntimeException e) {
            bypass(PREFIX + "dir=" + dir + ": the directory cannot be created or secured (" + e.getClass().getSimpleName()
                    + "); choose a directory this process owns");
            return DiskCache.DISABLED;
        }
        byte[] nameKey = null;
        try {
            nameKey = nameKey(dir, aead);
            return new TinkDiskCache(dir, new DiskEntryCodec(aead, nameKey), maxEntries);
        } catch (GeneralSecurityException e) {
            bypass(KEYSET_KEY + ": the cache directory " + dir + " was written under another keyset (its "
                    + DiskEntryCodec.NAME_KEY_FILE + " file does not decrypt with this one). Configure the keyset it was"
                    + " written with, give this keyset its own " + PREFIX + "dir, or, if the keyset was replaced on"
                    + " purpose, delete " + dir);
        } catch (IOException | RuntimeException e) {
            bypass(PREFIX + "dir=" + dir + ": the directory cannot be read or written (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (nameKey != null) {
                Arrays.fill(nameKey, (byte) 0); // the codec holds its own copy
            }
        }
        return DiskCache.DISABLED;
    }

    private static byte[] nameKey(Path dir, Aead aead) throws IOException, GeneralSecurityException {
        Path file = dir.resolve(DiskEntryCodec.NAME_KEY_FILE);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return DiskEntryCodec.unwrapNameKey(aead, Files.readAllBytes(file));
            } catch (NoSuchFileException e) {
                // first use of this directory; another process may be creating it too, and one wins
                PrivateFiles.createNew(file, DiskEntryCodec.newWrappedNameKey(aead));
            }
        }
        throw new IOException("the name key file appeared and vanished repeatedly");
    }

    private static void bypass(String problem) {
        log.warn("{}. The encrypted disk cache is off; secrets are cached in memory only.", problem);
    }
}
