package io.ockamj.verticles.identity;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Vault;
import io.ockamj.crypto.VaultException;
import io.ockamj.crypto.identity.Change;
import io.ockamj.crypto.identity.ChangeHistory;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.IdentityException;
import io.ockamj.crypto.pkcs11.Pkcs11Exception;
import io.ockamj.verticles.identity.IdentityManagerException.Reason;
import io.vertx.core.Future;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The vaults of the identities of an {@link IdentityManagerImpl}: which vault holds an identity's
 * keys, which key type a vault makes, and vault work run on the vault worker pool, its failures
 * turned into one-line manager errors.
 */
final class IdentityVaults {

  private final VaultManagerImpl vaults;

  IdentityVaults(VaultManagerImpl vaults) {
    this.vaults = vaults;
  }

  /** The open vault of an identity; an identity stored before vaults existed uses the database vault. */
  Future<Vault> of(String vaultName) {
    return vaultName != null ? vaults.open(vaultName)
      : vaults.databaseVault().compose(record -> vaults.open(record.name()));
  }

  /** Runs vault work on the vault worker pool; vault failures become one-line manager errors. */
  <T> Future<T> blocking(Callable<T> work) {
    return vaults.blocking(work).recover(err -> Future.failedFuture(translate(err)));
  }

  private static Throwable translate(Throwable err) {
    if (err instanceof Pkcs11Exception) {
      Pkcs11Exception p = (Pkcs11Exception) err;
      return new IdentityManagerException(p.reason() == Pkcs11Exception.Reason.KEY_MISSING ? Reason.KEY_MISSING
        : Reason.VAULT_UNAVAILABLE, p.getMessage(), p);
    }
    if (err instanceof VaultException && !(err instanceof IdentityManagerException)) {
      return new IdentityManagerException(Reason.VAULT_UNAVAILABLE, err.getMessage(), err);
    }
    return err;
  }

  /** Ed25519 where the vault can make it (Rust's default), else P-256 (a PKCS#11 token). */
  static KeyType preferredType(Vault vault) {
    return vault.signingKeyTypes().contains(KeyType.ED25519) ? KeyType.ED25519 : KeyType.P256;
  }

  /** Fails unless the vault has the secret of the identity's primary key; blocking. */
  static void requirePrimaryKey(Vault vault, Identity identity) {
    if (vault.findSigningKey(identity.primaryPublicKey()).isEmpty()) {
      throw new IdentityManagerException(Reason.KEY_MISSING,
        "the secret of the primary key of " + identity.identifier() + " is not in its vault");
    }
  }

  /** @return every primary key of a change history (none if it cannot be decoded) */
  static Set<KeyId> primaryKeys(byte[] changeHistory) {
    Set<KeyId> out = new LinkedHashSet<>();
    try {
      for (Change c : ChangeHistory.decode(changeHistory).changes()) {
        out.add(KeyId.of(c.primaryPublicKey()));
      }
    } catch (IdentityException e) {
      // an undecodable history has no key we can name; the identity row is deleted anyway
    }
    return out;
  }
}
