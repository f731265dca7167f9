package io.github.dynamicsecrets.core;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.SecretsException;
import io.github.dynamicsecrets.spi.KeyEncryptionKey;
import io.github.dynamicsecrets.spi.KeyEncryptionKeyFactory;
import io.github.dynamicsecrets.spi.ProviderConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads Tink AEAD keysets from a keyset URI, the value of {@code secrets.cache.disk.keyset} and
 * {@code secrets.provider.local.keyset}:
 * <ul>
 *   <li>{@code file:/path/keyset.json}: a plaintext Tink JSON keyset; refused if group or
 *       others may read or write the file.</li>
 *   <li>{@code env:VARIABLE}: a plaintext Tink JSON keyset in an environment variable.</li>
 *   <li>{@code <kek-uri>;file:/path/keyset.json} or {@code <kek-uri>;env:VARIABLE}: a Tink JSON
 *       keyset encrypted under a key-encryption key held in a KMS, for example
 *       {@code aws-kms://arn:aws:kms:...;file:/etc/app/keyset.enc.json}. The scheme picks a
 *       {@link KeyEncryptionKeyFactory} registered by a provider module. The keyset is encrypted
 *       with empty associated data; {@link KeysetTool} writes such files.</li>
 * </ul>
 * Every failure is a {@link SecretsConfigurationException} naming the key, the source and what
 * to do. Messages never quote key material: a value that does not look like a URI is not
 * quoted, and parse errors carry no cause.
 */
final class Keysets {

    /** Associated data of encrypted keysets: empty, Tink's convention for a keyset wrapped by a KMS key. */
    static final byte[] ENCRYPTED_KEYSET_ASSOCIATED_DATA = new byte[0];

    static final Map<String, String> KNOWN_KEK_ARTIFACTS = Map.of(
            "aws-kms", "io.github.dynamicsecrets:secrets-provider-aws",
            "gcp-kms", "io.github.dynamicsecrets:secrets-provider-gcp",
            "azure-kv", "io.github.dynamicsecrets:secrets-provider-azure");

    /** A keyset URI never holds braces or quotes; a value that does may be key material pasted in. */
    private static final Pattern QUOTABLE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^{}\"\\p{Cntrl}]{0,500}");
    private static final String FORMS = "file:/path/keyset.json, env:VARIABLE, or <kms-uri>;file:/path/keyset.enc.json";

    private Keysets() {}

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Registers Tink's AEAD key types (done once, when this class initialises). */
    static void ensureRegistered() {
        // the static initialiser did the work
    }

    /**
     * Loads the keyset a URI names.
     *
     * @param key the configuration key, for messages, for example {@code secrets.cache.disk.keyset}
     * @param uri its value
     * @param root the root configuration, handed to KMS factories
     * @param loader where to look for {@link KeyEncryptionKeyFactory} implementations
     * @param env reads environment variables
     */
    static KeysetHandle load(String key, String uri, ProviderConfig root, ClassLoader loader, Function<String, String> env) {
        String value = uri.trim();
        int semicolon = value.indexOf(';');
        if (semicolon >= 0) {
            String kekUri = value.substring(0, semicolon).trim();
            String source = value.substring(semicolon + 1).trim();
            KeyEncryptionKey kek = kek(key, value, kekUri, root, loader);
            try (kek) { // needed once, to unwrap
                String json = read(key, value, source, env, false);
                return checkAead(key, value, TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, new KekAead(kek),
                        ENCRYPTED_KEYSET_ASSOCIATED_DATA, RegistryConfiguration.get()));
            } catch (SecretsConfigurationException e) {
                throw e;
            } catch (GeneralSecurityException | RuntimeException e) {
                throw problem(key, value, "the encrypted keyset from " + describe(source) + " could not be decrypted with "
                        + kekUri + ": the key-encryption key is wrong, the keyset was altered, or the KMS refused or is"
                        + " unreachable (" + detail(e) + ")");
            }
        }
        String json = read(key, value, value, env, true);
        try {
            return checkAead(key, value, TinkJsonProtoKeysetFormat.parseKeyset(json, RegistryConfiguration.get(),
                    InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException | RuntimeException e) {
            // no cause: a parser's message may quote the text it choked on
            throw problem(key, value, describe(value) + " does not hold a plaintext Tink JSON keyset ("
                    + e.getClass().getSimpleName() + "); if it holds an encrypted keyset, write <kms-uri>;" + value);
        }
    }

    /** The AEAD primitive of a keyset: the primary key encrypts, every enabled key decrypts. */
    static Aead aead(KeysetHandle handle) throws GeneralSecurityException {
        return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    private static KeysetHandle checkAead(String key, String value, KeysetHandle handle) {
        try {
            aead(handle);
            return handle;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw problem(key, value, "the keyset holds no usable AEAD key (" + e.getClass().getSimpleName()
                    + "); create an AES256_GCM keyset");
        }
    }

    private static String read(String key, String whole, String source, Function<String, String> env, boolean plaintext) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("env:")) {
            String variable = source.substring(4).trim();
            String v = variable.isEmpty() ? null : env.apply(variable);
            if (v == null || v.isBlank()) {
                throw problem(key, whole, "the environment variable '" + variable + "' is not set or empty");
            }
            return v;
        }
        if (lower.startsWith("file:")) {
            Path path = path(key, whole, source);
            String loose;
            String json;
            try {
                loose = plaintext ? looseness(path) : null;
                json = loose == null ? Files.readString(path, StandardCharsets.UTF_8) : null;
            } catch (NoSuchFileException e) {
                throw problem(key, whole, "the keyset file " + path + " does not exist; create it with"
                        + " KeysetTool create " + path + " (see DISK-CACHE.md)");
            } catch (IOException | RuntimeException e) {
                throw problem(key, whole, "the keyset file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            if (loose != null) {
                throw problem(key, whole, "the keyset file " + path + " is accessible by group or others (" + loose
                        + "), so it is refused; run: chmod 600 " + path);
            }
            return json;
        }
        if (source.contains("://")) {
            throw problem(key, whole, "a KMS key-encryption key needs the encrypted keyset after it: "
                    + "<kms-uri>;file:/path/keyset.enc.json");
        }
        throw problem(key, whole, "expected " + FORMS);
    }

    /** The file's mode when group or others may access it, else {@code null}. */
    private static String looseness(Path path) throws IOException {
        return PrivateFiles.groupOrOthers(path).isEmpty() ? null
                : PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static Path path(String key, String whole, String source) {
        String rest = source.substring(5);
        try {
            return rest.startsWith("//") ? Path.of(URI.create(source)) : Path.of(rest);
        } catch (RuntimeException e) {
            throw problem(key, whole, "'" + source + "' is not a file path");
        }
    }

    static KeyEncryptionKey kek(String key, String whole, String kekUri, ProviderConfig root, ClassLoader loader) {
        int sep = kekUri.indexOf("://");
        if (sep <= 0) {
            throw problem(key, whole, "'" + kekUri + "' is not a KMS key URI such as aws-kms://<key>; expected " + FORMS);
        }
        String scheme = kekUri.substring(0, sep).toLowerCase(Locale.ROOT);
        Map<String, KeyEncryptionKeyFactory> factories = new TreeMap<>();
        for (KeyEncryptionKeyFactory f : ServiceLoader.load(KeyEncryptionKeyFactory.class, loader)) {
            factories.putIfAbsent(f.scheme().toLowerCase(Locale.ROOT), f);
        }
        KeyEncryptionKeyFactory factory = factories.get(scheme);
        if (factory == null) {
            String artifact = KNOWN_KEK_ARTIFACTS.get(scheme);
            throw problem(key, whole, "no key-encryption key for scheme '" + scheme + "' is installed"
                    + (artifact == null ? "" : ": add the dependency " + artifact) + ". Installed schemes: "
                    + factories.keySet());
        }
        try {
            KeyEncryptionKey kek = factory.create(kekUri, root);
            if (kek == null) {
                throw problem(key, whole, factory.getClass().getName() + " returned no key for " + kekUri);
            }
            return kek;
        } catch (SecretsConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw problem(key, whole, "the key-encryption key " + kekUri + " could not be created (" + detail(e) + ")");
        }
    }

    private static String describe(String source) {
        return source.toLowerCase(Locale.ROOT).startsWith("env:")
                ? "the environment variable '" + source.substring(4).trim() + "'"
                : "the file " + source.substring(Math.min(5, source.length()));
    }

    /** Our own exceptions' messages are value-free by contract; anything else shows only its type. */
    private static String detail(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof SecretsException) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            t = t.getCause();
        }
        return e.getClass().getSimpleName();
    }

    /**
     * The error for a keyset value. A value that does not look like a keyset URI is shown nowhere,
     * not even in part (a reason may quote a variable name or path taken from it).
     */
    static SecretsConfigurationException problem(String key, String value, String reason) {
        if (!QUOTABLE.matcher(value).matches()) {
            return new SecretsConfigurationException(key, "Keyset " + key + " (value not shown: it is not a keyset URI):"
                    + " expected " + FORMS);
        }
        return new SecretsConfigurationException(key, "Keyset " + key + "=" + value + ": " + reason);
    }
}
