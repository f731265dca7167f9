package io.github.dynamicsecrets.benchmarks;

import io.github.dynamicsecrets.Secrets;
import java.time.Duration;

/**
 * The child process of {@link StartupBench}: reads one secret the way an application starting up
 * would, checks it, and prints {@code READY}. The parent times the process from spawn to that
 * line. The secret's expected value comes in {@code BENCH_EXPECTED}; it is compared, never printed.
 *
 * <p>Modes: {@code floor} (no secret: the JVM alone), {@code ours} ({@code Secrets.get} configured
 * from the environment the parent set up), {@code peer} (AWS's cache over the in-JVM Secrets
 * Manager, which has no network to wait for, so it shows only class loading and set-up).
 */
public final class StartupMain {

    static final String NAME = "bench/startup";
    static final String READY = "READY";

    private StartupMain() {}

    /**
     * Reads the secret and reports.
     *
     * @param args the mode
     */
    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "ours";
        String expected = System.getenv("BENCH_EXPECTED");
        String got;
        switch (mode) {
            case "floor":
                got = expected;
                break;
            case "ours":
                got = Secrets.getString(NAME);
                break;
            case "peer":
                InMemorySecretsManager sm = new InMemorySecretsManager();
                sm.put(NAME, expected);
                got = Sides.peer(sm, Duration.ofHours(1)).getSecretString(NAME);
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + mode + "; use floor, ours or peer");
        }
        if (expected == null || !expected.equals(got)) {
            System.out.println("WRONG value for " + NAME + " in mode " + mode);
            System.exit(2);
        }
        System.out.println(READY);
        System.out.flush();
        System.exit(0); // don't wait for the engine's daemon threads or hooks to wind down
    }
}
