package io.github.dynamicsecrets.example;

import io.github.dynamicsecrets.PasswordPolicy;
import io.github.dynamicsecrets.SecretRotation;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.Secrets;
import io.github.dynamicsecrets.Subscription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The README's main job, with no cloud account: a local directory plays the part of a mounted
 * Kubernetes secret volume. It creates {@code db/password} if missing (generated, so nobody types
 * it), reads it through the chain with {@link Secrets#get}, then replaces the file as an operator
 * or the kubelet would, and prints the rotation event the running application receives.
 *
 * <p>Usage: {@code java -jar example/target/secrets-example.jar [secrets-directory]}; the
 * directory defaults to {@code example/target/quickstart-secrets}. Values are never printed, only
 * versions and lengths.
 */
public final class QuickStart {

    private QuickStart() {}

    /**
     * Runs the example.
     *
     * @param args optionally, the secrets directory
     * @throws Exception if the example fails; exits with status 1 when no rotation arrives
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "example/target/quickstart-secrets").toAbsolutePath();
        Files.createDirectories(root);
        // The environment picks the chain; a real deployment sets SECRETS_CHAIN and
        // SECRETS_PROVIDER_FILE_ROOTS instead. Explicit settings from the command line still win.
        setDefault("secrets.chain", "file,env");
        setDefault("secrets.provider.file.roots", root.toString());

        if (Secrets.find("db/password").isEmpty()) {
            SecretValue created = Secrets.client().generate("db/password", PasswordPolicy.defaults());
            System.out.println("created   db/password (generated, version " + created.version() + ")");
        }
        SecretValue v = Secrets.get("db/password");
        System.out.println("read      " + describe(v));

        BlockingQueue<SecretRotation> rotations = new ArrayBlockingQueue<>(16);
        Subscription subscription = Secrets.onRotation("db/password", rotations::add);
        try {
            rotateLikeAnOperator(root.resolve("db/password"));
            SecretRotation r = rotations.poll(30, TimeUnit.SECONDS);
            if (r == null) {
                System.out.println("no rotation event arrived within 30 s");
                System.exit(1);
            }
            System.out.println("rotated   db/password: version " + r.previous().map(SecretValue::version).orElse("none")
                    + " -> " + r.current().version());
            System.out.println("read      " + describe(Secrets.get("db/password")));
        } finally {
            subscription.cancel();
            Secrets.client().close();
        }
    }

    private static String describe(SecretValue v) {
        return v.name() + ": version " + v.version() + ", " + v.length() + " bytes, from provider '" + v.provider() + "'";
    }

    /** Writes a new value beside the file and renames it over, as secret volume updaters do. */
    private static void rotateLikeAnOperator(Path file) throws IOException {
        byte[] fresh = PasswordPolicy.builder().length(24).build().generate(new SecureRandom());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, fresh);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        java.util.Arrays.fill(fresh, (byte) 0);
        System.out.println("operator  replaced " + file + " (new value not shown)");
    }

    private static void setDefault(String key, String value) {
        String env = key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
        if (System.getProperty(key) == null && System.getenv(env) == null) {
            System.setProperty(key, value);
        }
    }
}
