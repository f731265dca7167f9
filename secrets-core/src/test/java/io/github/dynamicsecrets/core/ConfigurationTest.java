package io.github.dynamicsecrets.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.SecretsConfigurationException;
import io.github.dynamicsecrets.spi.ProviderConfig;
import io.github.dynamicsecrets.spi.SecretProvider;
import io.github.dynamicsecrets.spi.SecretProviderFactory;
import io.github.dynamicsecrets.test.InMemorySecretProvider;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {

    private static SecretsEngine.Builder builder() {
        return SecretsEngine.builder();
    }

    @Test
    void build_whenChainNamesUnknownProvider_saysKeyValueInstalledAndPublished() {
        assertThatThrownBy(() -> builder().property("secrets.chain", "awz,env").build())
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("Provider 'awz' named in secrets.chain=awz,env (environment variable SECRETS_CHAIN) is unknown."
                        + " Installed providers: [env, local, memory]. Providers published by this project:"
                        + " file (io.github.dynamicsecrets:secrets-provider-file),"
                        + " aws (io.github.dynamicsecrets:secrets-provider-aws),"
                        + " azure (io.github.dynamicsecrets:secrets-provider-azure),"
                        + " gcp (io.github.dynamicsecrets:secrets-provider-gcp),"
                        + " env (io.github.dynamicsecrets:secrets-core),"
                        + " local (io.github.dynamicsecrets:secrets-core),"
                        + " memory (io.github.dynamicsecrets:secrets-test)");
    }

    @Test
    void build_whenChainNamesKnownButMissingProvider_namesTheArtifactToAdd() {
        assertThatThrownBy(() -> builder().property("secrets.env", "prod").property("secrets.chain.prod", "aws,env").build())
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("Provider 'aws' named in secrets.chain.prod=aws,env (environment variable SECRETS_CHAIN_PROD)"
                        + " is not installed: add the dependency io.github.dynamicsecrets:secrets-provider-aws."
                        + " Installed providers: [env, local, memory]")
                .extracting(e -> ((SecretsConfigurationException) e).key()).isEqualTo("secrets.chain.prod");
    }

    @Test
    void build_whenTwoFactoriesShareAName_namesBothClasses() {
        ClassLoader loader = withServices(SecretProviderFactory.class, DuplicateEnvFactory.class.getName());
        assertThatThrownBy(() -> builder().classLoader(loader).property("secrets.chain", "env").build())
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("Two secret provider factories are named 'env': io.github.dynamicsecrets.core.EnvSecretProviderFactory"
                        + " and io.github.dynamicsecrets.core.ConfigurationTest$DuplicateEnvFactory;"
                        + " remove one of them from the class path");
    }

    @Test
    void build_whenDurationIsMalformed_saysKeyValueAndValidForms() {
        assertThatThrownBy(() -> builder().property("secrets.chain", "env").property("secrets.cache.refresh", "5 minutes").build())
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("Invalid value '5 minutes' for secrets.cache.refresh (environment variable SECRETS_CACHE_REFRESH):"
                        + " expected a duration of zero or more such as PT5M, 30s, 500ms, 5m, 2h or 1d");
    }

    @Test
    void build_whenDurationIsNegativeOrZeroWhereNotAllowed_isRefused() {
        assertThatThrownBy(() -> builder().property("secrets.chain", "env").property("secrets.cache.max-stale", "-PT1H").build())
                .hasMessage("Invalid value '-PT1H' for secrets.cache.max-stale (environment variable SECRETS_CACHE_MAX_STALE):"
                        + " expected a duration of zero or more such as PT5M, 30s, 500ms, 5m, 2h or 1d");
        assertThatThrownBy(() -> builder().property("secrets.chain", "env").property("secrets.cache.refresh", "0s").build())
                .hasMessage("Invalid value '0s' for secrets.cache.refresh (environment variable SECRETS_CACHE_REFRESH):"
                        + " expected a duration greater than zero such as PT5M, 30s or 500ms");
    }

    @Test
    void build_whenMaxSizeIsNotPositive_isRefused() {
        assertThatThrownBy(() -> builder().property("secrets.chain", "env").property("secrets.cache.max-size", "0").build())
                .hasMessage("Invalid value '0' for secrets.cache.max-size (environment variable SECRETS_CACHE_MAX_SIZE):"
                        + " expected a whole number of at least 1");
        assertThatThrownBy(() -> builder().property("secrets.chain", "env").property("secrets.cache.max-size", "lots").build())
                .hasMessage("Invalid value 'lots' for secrets.cache.max-size (environment variable SECRETS_CACHE_MAX_SIZE):"
                        + " expected a whole number");
    }

    @Test
    void build_whenChainIsEmpty_saysSo() {
        assertThatThrownBy(() -> builder().property("secrets.chain", " , ").build())
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("Invalid value ',' for secrets.chain: the chain is empty; list at least one provider,"
                        + " for example secrets.chain=file");
    }

    @Test
    void build_whenEnvironmentHasNoChain_saysWhichKeyToSet() {
        assertThatThrownBy(() -> builder().property("secrets.env", "staging").property("secrets.chain", "env").build())
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("secrets.env is 'staging' but secrets.chain.staging is not set: set it to the providers for"
                        + " that environment, in order, for example secrets.chain.staging=file");
    }

    @Test
    void build_callsOnlySelectedFactories() {
        CountingFactory.created.set(0);
        ClassLoader loader = withServices(SecretProviderFactory.class, CountingFactory.class.getName());
        builder().classLoader(loader).property("secrets.chain", "env").build().close();
        assertThat(CountingFactory.created).hasValue(0);
        builder().classLoader(loader).property("secrets.chain", "counting").build().close();
        assertThat(CountingFactory.created).hasValue(1);
    }

    @Test
    void build_givesProviderItsOwnKeysUnderItsPrefix() {
        CountingFactory.lastConfig = null;
        ClassLoader loader = withServices(SecretProviderFactory.class, CountingFactory.class.getName());
        builder().classLoader(loader).property("secrets.chain", "counting")
                .property("secrets.provider.counting.region", "eu-west-1")
                .property("SECRETS_PROVIDER_COUNTING_MAX_ATTEMPTS", "7").build().close();
        assertThat(CountingFactory.lastConfig.getString("region", null)).isEqualTo("eu-west-1");
        assertThat(CountingFactory.lastConfig.getLong("max-attempts", 0)).isEqualTo(7);
    }

    @Test
    void environmentVariables_normaliseToDottedKeys_andLayersKeepTheirPrecedence(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app-secrets.properties");
        Files.writeString(file, "secrets.chain.prod=from-file\nsecrets.cache.refresh=PT9M\n", StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("SECRETS_CHAIN_PROD", "aws,file", "SECRETS_CONFIG", file.toString(),
                "SECRET_DB_PASSWORD", "not-config", "PATH", "/bin");
        Map<String, String> fromEnv = ConfigSources.fromEnvironment(env);
        assertThat(fromEnv).containsOnly(Map.entry("secrets.chain.prod", "aws,file"));
        Map<String, String> fromFile = ConfigSources.fromConfigFile(env);
        Properties sys = new Properties();
        sys.setProperty("secrets.cache.refresh", "PT1M");
        sys.setProperty("user.home", "/root");
        Map<String, String> merged = new java.util.LinkedHashMap<>(fromFile);
        merged.putAll(fromEnv);
        merged.putAll(ConfigSources.fromSystemProperties(sys));
        ProviderConfig root = ProviderConfig.of("secrets.", merged);
        assertThat(root.getString("chain.prod", null)).isEqualTo("aws,file");
        assertThat(root.getString("cache.refresh", null)).isEqualTo("PT1M");
        assertThat(root.asMap()).doesNotContainKey("user.home");
    }

    @Test
    void configFile_whenNamedButMissing_saysWhichVariableNamesIt(@TempDir Path dir) {
        String missing = dir.resolve("nope.properties").toString();
        assertThatThrownBy(() -> ConfigSources.fromConfigFile(Map.of("SECRETS_CONFIG", missing)))
                .isInstanceOf(SecretsConfigurationException.class)
                .hasMessage("The configuration file named by SECRETS_CONFIG=" + missing
                        + " does not exist; fix the path or unset the variable");
    }

    @Test
    void classpathFile_isReadWhenPresent() throws IOException {
        Path dir = Files.createTempDirectory("cp");
        Files.writeString(dir.resolve("secrets.properties"), "secrets.chain=env\nsecrets.cache.max-size=42\n");
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(ConfigSources.fromClasspath(loader))
                    .containsEntry("secrets.chain", "env").containsEntry("secrets.cache.max-size", "42");
        }
        assertThat(ConfigSources.fromClasspath(new ClassLoader(null) { })).isEmpty();
    }

    @Test
    void build_whenNoChainConfigured_usesInstancesInOrder() {
        InMemorySecretProvider a = new InMemorySecretProvider("a");
        InMemorySecretProvider b = new InMemorySecretProvider("b");
        b.put("only/in-b", "x-" + io.github.dynamicsecrets.test.Canary.next());
        try (SecretsClient client = builder().provider("a", a).provider("b", b).build()) {
            assertThat(client.get("only/in-b").provider()).isEqualTo("b");
            assertThat(client.toString()).isEqualTo("SecretsClient[chain=[a, b], cached=1]");
        }
    }

    @Test
    void builder_whenSettingGivenTwice_saysWhatConflicts() {
        SecretsEngine.Builder b = builder().property("secrets.cache.max-stale", "PT1H");
        assertThatThrownBy(() -> b.property("SECRETS_CACHE_MAX_STALE", "PT2H"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("property SECRETS_CACHE_MAX_STALE was already set (as secrets.cache.max-stale)");
        b.provider("m", new InMemorySecretProvider("m"));
        assertThatThrownBy(() -> b.provider("m", new InMemorySecretProvider("m")))
                .hasMessage("a provider named 'm' was already given");
    }

    /** A second factory named like the built-in one. */
    public static final class DuplicateEnvFactory implements SecretProviderFactory {
        @Override
        public String name() {
            return "env";
        }

        @Override
        public SecretProvider create(ProviderConfig config) {
            throw new AssertionError("must not be created");
        }
    }

    /** Counts how often it is asked to create a provider. */
    public static final class CountingFactory implements SecretProviderFactory {
        static final AtomicInteger created = new AtomicInteger();
        static volatile ProviderConfig lastConfig;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public SecretProvider create(ProviderConfig config) {
            created.incrementAndGet();
            lastConfig = config;
            return new InMemorySecretProvider("counting");
        }
    }

    /** A class loader that adds one more service registration to the test class path. */
    static ClassLoader withServices(Class<?> service, String implementation) {
        return new ClassLoader(ConfigurationTest.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                List<URL> urls = Collections.list(super.getResources(name));
                if (name.equals("META-INF/services/" + service.getName())) {
                    Path extra = Files.createTempFile("services", ".txt");
                    Files.writeString(extra, implementation + "\n");
                    extra.toFile().deleteOnExit();
                    urls.add(extra.toUri().toURL());
                }
                return Collections.enumeration(urls);
            }
        };
    }
}
