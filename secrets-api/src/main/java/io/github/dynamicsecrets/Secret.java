package io.github.dynamicsecrets;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field, constructor parameter or method parameter to receive a secret. The Spring Boot
 * starter processes it; other containers may too. Supported target types are {@code String},
 * {@code char[]}, {@code byte[]} and {@link SecretValue}, plus live views that follow rotation
 * where the container offers them.
 *
 * <pre>{@code
 * @Component
 * class Repository {
 *     Repository(@Secret("db/password") char[] password) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Secret {

    /**
     * The secret's name, in the {@link SecretRef} grammar.
     *
     * @return the name, for example {@code db/password} or {@code db/creds#password}
     */
    String value();

    /**
     * Whether a missing secret fails injection; when {@code false}, the target gets {@code null}.
     *
     * @return {@code true} by default
     */
    boolean required() default true;
}
