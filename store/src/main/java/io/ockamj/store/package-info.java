/**
 * Ockam for the JVM: persistent storage.
 * <p>
 * The public API of the store: {@link io.ockamj.store.Store} (the facade a node opens, found through
 * {@link io.ockamj.store.StoreProvider}) and one repository interface per kind of record, records only.
 * The SQLite implementation (one file behind a single-connection Vert.x pool, versioned SQL and Java
 * migrations) lives in {@link io.ockamj.store.sqlite}.
 * <p>
 * Every asynchronous method returns a {@link io.vertx.core.Future}; none blocks the calling thread, so all
 * of them may be called from an event loop. Failures are delivered as failed futures carrying a
 * {@link io.ockamj.store.StoreException}.
 * <p>
 * The store only stores bytes: change histories, attestations, credentials and secrets are opaque
 * {@code byte[]} values, and this module does not depend on the crypto module. Timestamps are stored as
 * Unix seconds, so {@link java.time.Instant} values read back are truncated to whole seconds.
 */
package io.ockamj.store;
