/**
 * Ockam for the JVM: store.
 */
package io.ockamj.store;
