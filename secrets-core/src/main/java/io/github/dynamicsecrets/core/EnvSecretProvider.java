package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretRef;
import io.github.dynamicsecrets.SecretValue;
import io.github.dynamicsecrets.spi.SecretProvider;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads secrets from environment variables, for containers and CI: {@code db/password} is
 * {@code SECRET_DB_PASSWORD} (the prefix, then the path in upper case with {@code /}, {@code .}
 * and {@code -} written as {@code _}). The environment cannot change while a JVM runs, so the
 * provider neither watches nor expects rotation; the version is a digest of the value.
 */
final class EnvSecretProvider implements SecretProvider {

    private final String prefix;
    private final Map<String, String> env;

    EnvSecretProvider(String prefix, Map<String, String> env) {
        this.prefix = prefix;
        this.env = Map.copyOf(env);
    }

    static String variableName(String prefix, SecretRef ref) {
        return prefix + ref.path().toUpperCase(Locale.ROOT).replace('/', '_').replace('.', '_').replace('-', '_');
    }

    @Override
    public Optional<SecretValue> fetch(SecretRef ref) {
        String raw = env.get(variableName(prefix, ref));
        if (raw == null) {
            return Optional.empty();
        }
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        String version = Digests.shortSha256(bytes);
        if (ref.version() != null && !ref.version().equals(version)) {
            return Optional.empty();
        }
        return Optional.of(SecretValue.builder(ref.toString()).value(bytes).version(version).provider("env").build());
    }

    @Override
    public String toString() {
        return "EnvSecretProvider[prefix=" + prefix + "]";
    }
}
