package io.github.dynamicsecrets.core;

import io.github.dynamicsecrets.SecretsConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Reads the configuration layers; the caller merges them, highest first. */
final class ConfigSources {

    static final String CONFIG_FILE_ENV = "SECRETS_CONFIG";
    static final String CLASSPATH_FILE = "secrets.properties";

    private ConfigSources() {}

    /** Environment variables starting with {@code SECRETS_}, as dotted keys. */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("SECRETS_") && !k.equals(CONFIG_FILE_ENV)) {
                out.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return out;
    }

    /** System properties whose name starts with {@code secrets.}. */
    static Map<String, String> fromSystemProperties(Properties props) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            if (name.toLowerCase(Locale.ROOT).startsWith("secrets.")) {
                out.put(name, props.getProperty(name));
            }
        }
        return out;
    }

    /** The file named by {@code SECRETS_CONFIG}; empty when the variable is unset. */
    static Map<String, String> fromConfigFile(Map<String, String> env) {
        String location = env.get(CONFIG_FILE_ENV);
        if (location == null || location.isBlank()) {
            return Map.of();
        }
        Path path = Path.of(location.trim());
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return toMap(load(reader));
        } catch (NoSuchFileException e) {
            throw new SecretsConfigurationException(CONFIG_FILE_ENV, "The configuration file named by "
                    + CONFIG_FILE_ENV + "=" + location + " does not exist; fix the path or unset the variable");
        } catch (IOException | IllegalArgumentException e) {
            throw new SecretsConfigurationException(CONFIG_FILE_ENV, "The configuration file named by "
                    + CONFIG_FILE_ENV + "=" + location + " could not be read: " + e.getClass().getSimpleName(), e);
        }
    }

    /** {@code secrets.properties} at the root of the class path; empty when absent. */
    static Map<String, String> fromClasspath(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(CLASSPATH_FILE)) {
            if (in == null) {
                return Map.of();
            }
            return toMap(load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new SecretsConfigurationException(null,
                    "secrets.properties on the class path could not be read: " + e.getClass().getSimpleName(), e);
        }
    }

    private static Properties load(Reader reader) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        return p;
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name));
        }
        return out;
    }
}
