package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Creates providers the way the engine does: through the factory, from full dotted keys. */
final class Providers {

    private Providers() {}

    static FileSecretProvider over(Path... roots) {
        return with(Map.of(), roots);
    }

    /** {@code extra} holds full keys such as {@code secrets.rotation.poll}. */
    static FileSecretProvider with(Map<String, String> extra, Path... roots) {
        Map<String, String> props = new HashMap<>(extra);
        props.put("secrets.provider.file.roots", Stream.of(roots).map(Path::toString).collect(Collectors.joining(",")));
        return new FileSecretProviderFactory().create(ProviderConfig.of("secrets.provider.file.", props));
    }
}
