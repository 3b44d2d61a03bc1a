package io.ockamj.crypto;

import io.ockamj.crypto.primitives.SecretBytes;

import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The secret buffers of a {@link SoftwareVault} (Diffie-Hellman outputs, chaining and cipher keys
 * of handshakes), named by unguessable-start sequential handles, never persisted. Thread-safe;
 * synchronize on a buffer while using its bytes.
 */
final class SecretBuffers {

  private final Map<SecretHandle, SecretBytes> buffers = new ConcurrentHashMap<>();
  private final AtomicLong nextHandle;
  private volatile boolean destroyed;

  SecretBuffers(long firstHandle) {
    this.nextHandle = new AtomicLong(firstHandle);
  }

  int size() {
    return buffers.size();
  }

  /** Takes ownership of a secret and names it. */
  SecretHandle put(SecretBytes secret) {
    SecretHandle h = SecretHandle.of(nextHandle.getAndIncrement());
    buffers.put(h, secret);
    if (destroyed) {
      delete(h);
      throw new IllegalStateException("vault has been destroyed");
    }
    return h;
  }

  /** The buffer named by a handle; fails if there is none. */
  SecretBytes get(SecretHandle handle) {
    if (destroyed) {
      throw new IllegalStateException("vault has been destroyed");
    }
    Objects.requireNonNull(handle, "handle");
    SecretBytes b = buffers.get(handle);
    if (b == null) {
      throw new VaultException("no secret buffer " + handle + " in the vault");
    }
    return b;
  }

  /** Like {@link #get(SecretHandle)}, checking that the buffer is an AES-256 key. */
  SecretBytes aeadKey(SecretHandle handle) {
    SecretBytes b = get(handle);
    if (b.length() != 32) {
      throw new VaultException("secret buffer " + handle + " is not a 32-byte AES-256 key");
    }
    return b;
  }

  /** Wipes and forgets a buffer; {@code false} if there was none. */
  boolean delete(SecretHandle handle) {
    SecretBytes b = handle == null ? null : buffers.remove(handle);
    if (b == null) {
      return false;
    }
    synchronized (b) {
      b.destroy();
    }
    return true;
  }

  /** Wipes every buffer; later puts fail. */
  void destroy() {
    destroyed = true;
    for (SecretHandle h : new ArrayList<>(buffers.keySet())) {
      delete(h);
    }
  }

  // a buffer deleted by another thread between lookup and use
  static SecretBytes alive(SecretBytes b, SecretHandle handle) {
    if (b.isDestroyed()) {
      throw new VaultException("secret buffer " + handle + " was deleted");
    }
    return b;
  }
}
