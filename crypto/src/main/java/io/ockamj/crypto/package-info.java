/**
 * Ockam for the JVM: crypto.
 */
package io.ockamj.crypto;
