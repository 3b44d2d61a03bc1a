/**
 * Ockam for the JVM: console.
 */
package io.ockamj.console;
