/**
 * The provider SPI. A provider module implements {@link io.github.dynamicsecrets.spi.SecretProviderFactory}
 * and registers it in {@code META-INF/services}; it depends on {@code secrets-api} only, never on the engine.
 */
package io.github.dynamicsecrets.spi;
