/**
 * The test kit: {@link io.github.dynamicsecrets.test.InMemorySecretProvider} with fault controls,
 * {@link io.github.dynamicsecrets.test.SecretsExtension} for JUnit 5 and 6, the provider contract
 * suite {@link io.github.dynamicsecrets.test.SecretProviderContract}, and leak checks with
 * {@link io.github.dynamicsecrets.test.Canary}, {@link io.github.dynamicsecrets.test.CapturedLogs}
 * and {@link io.github.dynamicsecrets.test.CanaryExtension}. See the module's README.
 */
package io.github.dynamicsecrets.test;
