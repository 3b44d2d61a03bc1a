package io.ockamj.verticles.identity;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.SecretStorage;
import io.ockamj.crypto.VaultException;
import io.ockamj.store.StoreException;
import io.ockamj.store.VaultSecrets;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A software vault's {@link SecretStorage} in the store's {@link VaultSecrets}: rows keyed by the
 * key id's hash and the key type's Ockam name, as Rust's secrets tables are.
 */
final class StoreSecretStorage implements SecretStorage {

  private final VaultSecrets secrets;

  StoreSecretStorage(VaultSecrets secrets) {
    this.secrets = secrets;
  }

  @Override
  public void store(KeyId keyId, byte[] secret) {
    run(() -> {
      secrets.store(keyId.bytes(), keyId.type().ockamName(), secret);
      return null;
    });
  }

  @Override
  public Optional<byte[]> load(KeyId keyId) {
    return run(() -> secrets.get(keyId.bytes(), keyId.type().ockamName()));
  }

  @Override
  public boolean delete(KeyId keyId) {
    return run(() -> secrets.delete(keyId.bytes(), keyId.type().ockamName()));
  }

  @Override
  public List<KeyId> list(KeyType type) {
    return run(() -> {
      List<KeyId> out = new ArrayList<>();
      for (byte[] handle : secrets.handles(type.ockamName())) {
        if (handle.length == KeyId.LENGTH) {
          out.add(KeyId.fromHex(type, HexFormat.of().formatHex(handle)));
        }
      }
      return out;
    });
  }

  @Override
  public void close() {
    secrets.close();
  }

  @Override
  public String toString() {
    return "StoreSecretStorage[" + secrets.path() + "]";
  }

  private <T> T run(Supplier<T> op) {
    try {
      return op.get();
    } catch (StoreException e) {
      throw new VaultException("the vault secrets in " + secrets.path() + " cannot be used: " + e.getMessage(), e);
    }
  }
}
