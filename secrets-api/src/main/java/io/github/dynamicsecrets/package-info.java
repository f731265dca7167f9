/**
 * The public API: {@link io.github.dynamicsecrets.Secrets} for one-line reads,
 * {@link io.github.dynamicsecrets.SecretsClient} for injection, {@link io.github.dynamicsecrets.SecretValue},
 * the name grammar ({@link io.github.dynamicsecrets.SecretRef}), rotation listeners and the exceptions.
 */
package io.github.dynamicsecrets;
