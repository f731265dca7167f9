package io.github.dynamicsecrets.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dynamicsecrets.SecretsClient;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;

class SecretsExtensionErrorsTest {

    /** Has the parameters the checks below need. */
    static final class Sample {
        Sample(SecretsClient client) {}

        void test(SecretsClient client, String other) {}
    }

    @Test
    void loadEngine_withoutAnEngine_namesTheArtifactToAdd() {
        ClassLoader empty = new ClassLoader(null) {};

        assertThatThrownBy(() -> SecretsExtension.loadEngine(empty)).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("io.github.dynamicsecrets:secrets-core").hasMessageContaining("test scope");
    }

    @Test
    void loadEngine_withTwoEngines_namesBoth(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("services");
        Files.write(services, (FakeEngineProvider.class.getName() + "\n" + OtherEngine.class.getName() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        URL url = services.toUri().toURL();
        ClassLoader twoEngines = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals("META-INF/services/io.github.dynamicsecrets.spi.EngineProvider")
                        ? Collections.enumeration(java.util.List.of(url)) : super.getResources(name);
            }
        };

        assertThatThrownBy(() -> SecretsExtension.loadEngine(twoEngines)).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining(FakeEngineProvider.class.getName()).hasMessageContaining(OtherEngine.class.getName());
    }

    @Test
    void loadEngine_findsTheRegisteredEngine() {
        assertThat(SecretsExtension.loadEngine(getClass().getClassLoader())).isInstanceOf(FakeEngineProvider.class);
    }

    @Test
    void constructorParameter_isRefusedWithAClearMessage() {
        SecretsExtension extension = new SecretsExtension();
        ExtensionContext context = FakeContexts.extensionContext(null);

        assertThatThrownBy(() -> extension.supportsParameter(
                FakeContexts.parameterContext(Sample.class.getDeclaredConstructors()[0].getParameters()[0]), context))
                .isInstanceOf(ParameterResolutionException.class).hasMessageContaining("per test");
    }

    @Test
    void otherParameterTypes_areLeftToOtherResolvers() throws Exception {
        SecretsExtension extension = new SecretsExtension();
        java.lang.reflect.Method test = Sample.class.getDeclaredMethod("test", SecretsClient.class, String.class);
        ExtensionContext context = FakeContexts.extensionContext(test);

        assertThat(extension.supportsParameter(FakeContexts.parameterContext(test.getParameters()[1]), context)).isFalse();
        assertThat(extension.supportsParameter(FakeContexts.parameterContext(test.getParameters()[0]), context)).isTrue();
    }

    @Test
    void resolveParameter_withoutBeforeEach_explainsTheRegistration() throws Exception {
        SecretsExtension extension = new SecretsExtension();
        java.lang.reflect.Method test = Sample.class.getDeclaredMethod("test", SecretsClient.class, String.class);

        assertThatThrownBy(() -> extension.resolveParameter(FakeContexts.parameterContext(test.getParameters()[0]),
                FakeContexts.extensionContext(test)))
                .isInstanceOf(ParameterResolutionException.class).hasMessageContaining("@ExtendWith(SecretsExtension.class)");
    }

    /** A second engine, only ever listed by the loader above. */
    public static final class OtherEngine implements io.github.dynamicsecrets.spi.EngineProvider {
        @Override
        public SecretsClient createFromEnvironment() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SecretsClient create(java.util.Map<String, String> properties,
                java.util.Map<String, io.github.dynamicsecrets.spi.SecretProvider> providers) {
            throw new UnsupportedOperationException();
        }
    }
}
