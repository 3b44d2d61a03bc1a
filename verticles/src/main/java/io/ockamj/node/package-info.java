/**
 * Ockam for the JVM: node.
 */
package io.ockamj.node;
