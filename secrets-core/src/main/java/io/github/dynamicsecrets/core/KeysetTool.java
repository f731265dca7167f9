package io.github.dynamicsecrets.core;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.KeyEncryptionKey;
import io.github.dynamicsecrets.spi.ProviderConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates and rotates the Tink keysets that {@code secrets.cache.disk.keyset} and
 * {@code secrets.provider.local.keyset} name. Run with {@code secrets-core} and its dependencies
 * on the class path:
 *
 * <pre>
 * java -cp "$CP" io.github.dynamicsecrets.core.KeysetTool create ~/.config/dynamic-secrets/cache-keyset.json
 * java -cp "$CP" io.github.dynamicsecrets.core.KeysetTool create keyset.enc.json --kek aws-kms://arn:aws:kms:...
 * java -cp "$CP" io.github.dynamicsecrets.core.KeysetTool rotate ~/.config/dynamic-secrets/cache-keyset.json
 * </pre>
 *
 * <p>{@code create} writes a new AES-256-GCM keyset, as plaintext Tink JSON with mode 0600, or,
 * with {@code --kek}, encrypted under a KMS key-encryption key (a provider module must supply the
 * scheme). It never overwrites a file. {@code rotate} adds a new key and makes it primary; the
 * older keys stay, so values encrypted under them still decrypt. Key material is written only to
 * the file, never printed. The KMS factory reads its settings from {@code secrets.*} system
 * properties and {@code SECRETS_*} environment variables, as the engine does.
 */
public final class KeysetTool {

    private KeysetTool() {}

    /**
     * Runs the tool and exits: 0 on success, 1 on failure, 2 on wrong usage.
     *
     * @param args {@code create|rotate <file> [--kek <kms-uri>]}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 && !(args.length == 4 && args[2].equals("--kek"))
                || !(args[0].equals("create") || args[0].equals("rotate"))) {
            err.println("usage: KeysetTool create|rotate <keyset-file> [--kek <kms-uri>]");
            return 2;
        }
        Keysets.ensureRegistered();
        Path file = Path.of(args[1]);
        String kekUri = args.length == 4 ? args[3] : null;
        KeyEncryptionKey kek = null;
        try {
            kek = kekUri == null ? null : Keysets.kek("--kek", kekUri, kekUri, rootFromEnvironment(),
                    KeysetTool.class.getClassLoader());
            if (args[0].equals("create")) {
                if (Files.exists(file)) {
                    err.println("KeysetTool: " + file + " exists; it is never overwritten (use rotate to add a key)");
                    return 1;
                }
                write(file, generate(), kek, true);
                out.println("Created an AES256_GCM keyset in " + file + (kek == null ? " (mode 0600)" : ", encrypted under " + kekUri));
            } else {
                String uri = (kekUri == null ? "" : kekUri + ";") + "file:" + file.toAbsolutePath();
                KeysetHandle current = Keysets.load("keyset", uri, rootFromEnvironment(), KeysetTool.class.getClassLoader(),
                        System::getenv);
                KeysetHandle rotated = rotate(current);
                write(file, rotated, kek, false);
                out.println("Added a new primary key to " + file + "; it now holds " + rotated.size() + " keys");
            }
            return 0;
        } catch (SecretsConfigurationException e) {
            err.println("KeysetTool: " + e.getMessage());
            return 1;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            err.println("KeysetTool: " + args[0] + " " + file + " failed: " + e.getClass().getSimpleName());
            return 1;
        } finally {
            if (kek != null) {
                kek.close();
            }
        }
    }

    private static void write(Path file, KeysetHandle handle, KeyEncryptionKey kek, boolean createOnly)
            throws IOException, GeneralSecurityException {
        byte[] bytes = (kek == null ? serialize(handle) : serializeEncrypted(handle, kek)).getBytes(StandardCharsets.UTF_8);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (createOnly) {
            if (!PrivateFiles.createNew(file, bytes)) {
                throw new IOException("exists");
            }
        } else {
            PrivateFiles.write(file, bytes);
        }
    }

    /** A new keyset of one AES256_GCM key. */
    static KeysetHandle generate() throws GeneralSecurityException {
        Keysets.ensureRegistered();
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                .build();
    }

    /** A keyset with one more AES256_GCM key, which becomes the primary. */
    static KeysetHandle rotate(KeysetHandle current) throws GeneralSecurityException {
        KeysetHandle.Builder b = KeysetHandle.newBuilder(current);
        b.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary());
        return b.build();
    }

    static String serialize(KeysetHandle handle) throws GeneralSecurityException {
        Keysets.ensureRegistered();
        return TinkJsonProtoKeysetFormat.serializeKeyset(handle, RegistryConfiguration.get(), InsecureSecretKeyAccess.get());
    }

    static String serializeEncrypted(KeysetHandle handle, KeyEncryptionKey kek) throws GeneralSecurityException {
        Keysets.ensureRegistered();
        return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, new KekAead(kek),
                Keysets.ENCRYPTED_KEYSET_ASSOCIATED_DATA, RegistryConfiguration.get());
    }

    private static ProviderConfig rootFromEnvironment() {
        Map<String, String> merged = new LinkedHashMap<>(ConfigSources.fromEnvironment(System.getenv()));
        merged.putAll(ConfigSources.fromSystemProperties(System.getProperties()));
        return ProviderConfig.of("secrets.", merged);
    }
}
