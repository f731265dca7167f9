package io.github.dynamicsecrets.test;

import io.github.dynamicsecrets.SecretsClient;
import io.github.dynamicsecrets.spi.EngineProvider;
import io.github.dynamicsecrets.spi.SecretProvider;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test its own {@link InMemorySecretProvider}, seeded from {@link TestSecret}
 * annotations, and a {@link SecretsClient} of the real engine over it. Works with JUnit 5 and 6.
 *
 * <pre>{@code
 * @ExtendWith(SecretsExtension.class)
 * @TestSecret(name = "db/password", value = "s3cret")
 * @TestSecretsProperty(key = "secrets.cache.max-stale", value = "PT1H")
 * class PasswordRotationTest {
 *     @Test
 *     void servesTheLastGoodValueWhileTheStoreIsDown(SecretsClient secrets, InMemorySecretProvider store) {
 *         assertThat(secrets.getString("db/password")).isEqualTo("s3cret");
 *         store.goDown();
 *         assertThat(secrets.getString("db/password")).isEqualTo("s3cret");
 *     }
 * }
 * }</pre>
 *
 * <p>Per test: before {@code @BeforeEach} methods run, a new store named
 * {@value InMemorySecretProvider#DEFAULT_NAME} is created and the declared secrets are written.
 * Parameters of type {@link InMemorySecretProvider} and {@link SecretsClient} of test,
 * {@code @BeforeEach} and {@code @AfterEach} methods are resolved to that test's instances. The
 * client is built on first request, through the engine's {@link EngineProvider} found with
 * {@link ServiceLoader} ({@code io.github.dynamicsecrets:secrets-core} must be on the test class
 * path), as {@code EngineProvider.create(properties, Map.of("memory", store))}: only the
 * {@link TestSecretsProperty} keys are read, never the environment, and the chain is the store
 * alone unless a property says otherwise. Unless overridden, the extension sets
 * {@code secrets.cache.disk.enabled=false} so tests never write a disk cache. After the test
 * (after {@code @AfterEach} methods) the client is closed, which closes the store.
 *
 * <p>A test that only needs the store works without the engine. Test instances may be shared
 * ({@code @TestInstance(PER_CLASS)}); the store and client are still per test.
 */
public final class SecretsExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    static final String ENGINE_ARTIFACT = "io.github.dynamicsecrets:secrets-core";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SecretsExtension.class);
    private static final String STORE = "store";
    private static final String PROPERTIES = "properties";
    private static final String CLIENT = "client";

    /** Called by JUnit. */
    public SecretsExtension() {}

    /**
     * Creates and seeds the test's store.
     *
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        List<AnnotatedElement> scopes = scopes(context);
        InMemorySecretProvider store = new InMemorySecretProvider();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("secrets.cache.disk.enabled", "false");
        for (AnnotatedElement scope : scopes) {
            for (TestSecret secret : scope.getDeclaredAnnotationsByType(TestSecret.class)) {
                store.put(secret.name(), secret.value().isEmpty() ? Canary.next() : secret.value());
            }
            for (TestSecretsProperty property : scope.getDeclaredAnnotationsByType(TestSecretsProperty.class)) {
                properties.put(property.key(), property.value());
            }
        }
        ExtensionContext.Store s = context.getStore(NAMESPACE);
        s.put(STORE, store);
        s.put(PROPERTIES, Map.copyOf(properties));
    }

    /**
     * Closes the client, or the store if no client was built.
     *
     * @param context the test's context
     */
    @Override
    public void afterEach(ExtensionContext context) {
        ExtensionContext.Store s = context.getStore(NAMESPACE);
        SecretsClient client = s.remove(CLIENT, SecretsClient.class);
        InMemorySecretProvider store = s.remove(STORE, InMemorySecretProvider.class);
        s.remove(PROPERTIES);
        if (client != null) {
            client.close();
        } else if (store != null) {
            store.close();
        }
    }

    /**
     * Whether the parameter is one this extension fills.
     *
     * @param parameter the parameter
     * @param context the context
     * @return {@code true} for {@link SecretsClient} and {@link InMemorySecretProvider}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type != SecretsClient.class && type != InMemorySecretProvider.class) {
            return false;
        }
        if (!(parameter.getDeclaringExecutable() instanceof Method) || context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException(type.getSimpleName() + " is created per test by SecretsExtension;"
                    + " take it as a parameter of the test, @BeforeEach or @AfterEach method, not of "
                    + parameter.getDeclaringExecutable());
        }
        return true;
    }

    /**
     * The test's store or client; the client is built on first request.
     *
     * @param parameter the parameter
     * @param context the context
     * @return the instance for this test
     */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store s = context.getStore(NAMESPACE);
        InMemorySecretProvider store = s.get(STORE, InMemorySecretProvider.class);
        if (store == null) {
            throw new ParameterResolutionException("SecretsExtension has no store for this test: it must be registered"
                    + " with @ExtendWith(SecretsExtension.class) on the class or the method");
        }
        if (parameter.getParameter().getType() == InMemorySecretProvider.class) {
            return store;
        }
        SecretsClient client = s.get(CLIENT, SecretsClient.class);
        if (client == null) {
            @SuppressWarnings("unchecked") // put in beforeEach as exactly this type
            Map<String, String> properties = s.get(PROPERTIES, Map.class);
            Map<String, SecretProvider> providers = Map.of(store.name(), store);
            client = loadEngine(Thread.currentThread().getContextClassLoader()).create(properties, providers);
            s.put(CLIENT, client);
        }
        return client;
    }

    static EngineProvider loadEngine(ClassLoader loader) {
        List<EngineProvider> found = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class, loader != null ? loader : SecretsExtension.class.getClassLoader())
                .forEach(found::add);
        if (found.isEmpty()) {
            throw new ParameterResolutionException("No secrets engine on the test class path, so SecretsExtension cannot"
                    + " build a SecretsClient: add the dependency " + ENGINE_ARTIFACT + " with test scope"
                    + " (a test that takes only InMemorySecretProvider needs no engine)");
        }
        if (found.size() > 1) {
            List<String> names = new ArrayList<>();
            found.forEach(e -> names.add(e.getClass().getName()));
            throw new ParameterResolutionException("More than one secrets engine on the test class path: " + names
                    + "; keep exactly one " + ENGINE_ARTIFACT);
        }
        return found.get(0);
    }

    /** Outermost first: enclosing classes, each from its top superclass down, then the method. */
    private static List<AnnotatedElement> scopes(ExtensionContext context) {
        Deque<AnnotatedElement> out = new ArrayDeque<>();
        context.getTestMethod().ifPresent(out::push);
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                out.push(k);
            }
        }
        return new ArrayList<>(out);
    }
}
