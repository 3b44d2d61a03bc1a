/**
 * SQLite implementations of the store API ({@code io.ockamj.store}), on Vert.x {@code JDBCPool} and
 * sqlite-jdbc. Use the factories on the API interfaces rather than these classes.
 */
package io.ockamj.store.sqlite;
