package io.github.dynamicsecrets.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A secret that {@link SecretsExtension} puts into the test's {@link InMemorySecretProvider}
 * before the test runs. Repeatable, on the test class (every test; superclasses count too), an
 * enclosing class of a {@code @Nested} class, or the test method.
 *
 * <pre>{@code
 * @ExtendWith(SecretsExtension.class)
 * @TestSecret(name = "db/password", value = "s3cret")
 * class RepositoryTest {
 *     @Test
 *     @TestSecret(name = "api/token", value = "t0ken")
 *     void connects(SecretsClient secrets) { ... }
 * }
 * }</pre>
 *
 * <p>Secrets are written outermost class first (a superclass before its subclass), then nested
 * classes, then the method; each
 * declaration of the same name writes a new version, so the last one is current and the
 * earlier ones stay readable pinned ({@code db/password@1}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(TestSecrets.class)
public @interface TestSecret {

    /**
     * The secret's path, without selectors.
     *
     * @return a path such as {@code db/password}
     */
    String name();

    /**
     * The value, stored as UTF-8. Empty (the default) stores a fresh {@link Canary} instead, so
     * {@link CanaryExtension} notices if the code under test logs it.
     *
     * @return the value, or empty for a canary
     */
    String value() default "";
}
