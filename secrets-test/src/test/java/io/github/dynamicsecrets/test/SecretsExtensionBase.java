package io.github.dynamicsecrets.test;

/** A superclass's declarations apply to its subclasses' tests, before their own. */
@TestSecret(name = "db/password", value = "base-value")
@TestSecret(name = "base/only", value = "from-the-base")
abstract class SecretsExtensionBase {}
