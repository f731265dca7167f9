package io.github.dynamicsecrets.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An engine configuration key for the client that {@link SecretsExtension} builds, for example
 * {@code @TestSecretsProperty(key = "secrets.cache.refresh", value = "PT1S")}. Repeatable, on the
 * test class, an enclosing class of a {@code @Nested} class, or the test method; for the same
 * key the innermost declaration wins (method over class).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(TestSecretsProperties.class)
public @interface TestSecretsProperty {

    /**
     * The full key.
     *
     * @return a key such as {@code secrets.cache.max-stale}
     */
    String key();

    /**
     * The value.
     *
     * @return the value, as it would appear in a properties file
     */
    String value();
}
