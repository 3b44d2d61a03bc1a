/**
 * Ockam for the JVM: cli.
 */
package io.ockamj.cli;
