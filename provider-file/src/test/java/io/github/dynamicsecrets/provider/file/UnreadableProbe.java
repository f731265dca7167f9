package io.github.dynamicsecrets.provider.file;

import io.github.dynamicsecrets.SecretRef;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link HostileInputTest} when the tests run as root: fetches one secret
 * and prints the outcome (never the value), so an unreadable file can be tried by a process
 * without root's permission to read everything.
 */
public final class UnreadableProbe {

    private UnreadableProbe() {}

    /**
     * Prints {@code FOUND}, {@code ABSENT} or {@code REFUSED <exception class>: <message>}.
     *
     * @param args the root and the secret's name
     */
    public static void main(String[] args) {
        try (FileSecretProvider p = Providers.over(Path.of(args[0]))) {
            System.out.println(p.fetch(SecretRef.parse(args[1])).isPresent() ? "FOUND" : "ABSENT");
        } catch (RuntimeException e) {
            System.out.println("REFUSED " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
