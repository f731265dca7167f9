package io.github.dynamicsecrets.test;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/** Minimal JUnit contexts for driving an extension by hand; they answer only what our extensions ask. */
final class FakeContexts {

    private FakeContexts() {}

    /** A context with one store (shared by every namespace) and the given test method. */
    static ExtensionContext extensionContext(Method testMethod) {
        Map<Object, Object> values = new HashMap<>();
        ExtensionContext.Store store = proxy(ExtensionContext.Store.class, (name, args) -> {
            switch (name) {
                case "put":
                    return values.put(args[0], args[1]);
                case "get":
                    return values.get(args[0]);
                case "remove":
                    return values.remove(args[0]);
                default:
                    throw new UnsupportedOperationException(name);
            }
        });
        return proxy(ExtensionContext.class, (name, args) -> {
            switch (name) {
                case "getStore":
                    return store;
                case "getTestMethod":
                    return Optional.ofNullable(testMethod);
                default:
                    throw new UnsupportedOperationException(name);
            }
        });
    }

    static ParameterContext parameterContext(Parameter parameter) {
        return proxy(ParameterContext.class, (name, args) -> {
            switch (name) {
                case "getParameter":
                    return parameter;
                case "getDeclaringExecutable":
                    return parameter.getDeclaringExecutable();
                default:
                    throw new UnsupportedOperationException(name);
            }
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(FakeContexts.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> answer.answer(method.getName(), args)));
    }
}
