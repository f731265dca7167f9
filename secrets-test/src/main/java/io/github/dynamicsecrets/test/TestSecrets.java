package io.github.dynamicsecrets.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Holds repeated {@link TestSecret} annotations; written by the compiler, not by hand. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TestSecrets {

    /**
     * The repeated annotations.
     *
     * @return them, in declaration order
     */
    TestSecret[] value();
}
