package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.spi.SecretProviderFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns chain names into provider instances, building only the factories that are selected. */
final class ProviderResolver {

    private static final Logger log = LoggerFactory.getLogger(ProviderResolver.class);

    /** Every provider we publish, and the artifact that brings it. */
    static final Map<String, String> KNOWN_ARTIFACTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("file", "io.github.dynamicsecrets:secrets-provider-file");
        m.put("aws", "io.github.dynamicsecrets:secrets-provider-aws");
        m.put("azure", "io.github.dynamicsecrets:secrets-provider-azure");
        m.put("gcp", "io.github.dynamicsecrets:secrets-provider-gcp");
        m.put("env", "io.github.dynamicsecrets:secrets-core");
        m.put("local", "io.github.dynamicsecrets:secrets-core");
        m.put("memory", "io.github.dynamicsecrets:secrets-test");
        KNOWN_ARTIFACTS = java.util.Collections.unmodifiableMap(m);
    }

    private ProviderResolver() {}

    /** Named providers in chain order; a provider listed twice is built once. */
    static final class Resolved {
        final List<String> names;
        final List<SecretProvider> providers;

        Resolved(List<String> names, List<SecretProvider> providers) {
            this.names = List.copyOf(names);
            this.providers = List.copyOf(providers);
        }
    }

    static Map<String, SecretProviderFactory> discover(ClassLoader loader) {
        Map<String, SecretProviderFactory> byName = new TreeMap<>();
        for (SecretProviderFactory f : ServiceLoader.load(SecretProviderFactory.class, loader)) {
            SecretProviderFactory other = byName.putIfAbsent(f.name(), f);
            if (other != null) {
                throw new SecretsConfigurationException(null, "Two secret provider factories are named '" + f.name()
                        + "': " + other.getClass().getName() + " and " + f.getClass().getName()
                        + "; remove one of them from the class path");
            }
        }
        return byName;
    }

    static Resolved resolve(EngineSettings settings, Map<String, SecretProviderFactory> factories,
            Map<String, SecretProvider> instances) {
        List<String> names = new ArrayList<>();
        List<SecretProvider> providers = new ArrayList<>();
        try {
            for (String name : settings.chain) {
                if (names.contains(name)) {
                    continue;
                }
                SecretProvider p = instances.get(name);
                if (p == null) {
                    SecretProviderFactory f = factories.get(name);
                    if (f == null) {
                        if (settings.isDefaultChain()) {
                            log.debug("Default chain: provider '{}' is not installed, skipped", name);
                            continue;
                        }
                        throw unknown(settings, name, factories, instances);
                    }
                    ProviderConfig config = settings.root.withPrefix("secrets.provider." + name + ".");
                    p = f.create(config);
                    if (p == null) {
                        throw new SecretsConfigurationException(null,
                                "Provider factory " + f.getClass().getName() + " returned null for '" + name + "'");
                    }
                }
                names.add(name);
                providers.add(p);
            }
        } catch (RuntimeException e) {
            providers.stream().filter(p -> !instances.containsValue(p)).forEach(ProviderResolver::closeQuietly);
            throw e;
        }
        if (providers.isEmpty()) {
            throw new SecretsConfigurationException("secrets.chain", "No provider of the default chain "
                    + settings.chain + " is installed; set secrets.chain and add a provider artifact, for example "
                    + KNOWN_ARTIFACTS.get("file"));
        }
        return new Resolved(names, providers);
    }

    static SecretsConfigurationException unknown(EngineSettings settings, String name,
            Map<String, SecretProviderFactory> factories, Map<String, SecretProvider> instances) {
        List<String> installed = new ArrayList<>(factories.keySet());
        instances.keySet().stream().filter(n -> !installed.contains(n)).forEach(installed::add);
        String key = settings.chainKey;
        String value = String.join(",", settings.chain);
        String artifact = KNOWN_ARTIFACTS.get(name);
        String head = "Provider '" + name + "' named in " + key + "=" + value + " (environment variable "
                + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_') + ")";
        String message;
        if (artifact != null) {
            message = head + " is not installed: add the dependency " + artifact + ". Installed providers: " + installed;
        } else {
            StringBuilder known = new StringBuilder();
            KNOWN_ARTIFACTS.forEach((n, a) -> known.append(known.length() == 0 ? "" : ", ").append(n).append(" (")
                    .append(a).append(')'));
            message = head + " is unknown. Installed providers: " + installed + ". Providers published by this project: "
                    + known;
        }
        return new SecretsConfigurationException(key, message);
    }

    static void closeQuietly(SecretProvider p) {
        try {
            p.close();
        } catch (RuntimeException e) {
            log.warn("Closing provider {} failed: {}", p.getClass().getName(), e.getClass().getName());
        }
    }
}
