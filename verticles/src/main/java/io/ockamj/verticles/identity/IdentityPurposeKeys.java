package io.ockamj.verticles.identity;

import io.ockamj.crypto.Vault;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.Purpose;
import io.ockamj.crypto.identity.PurposeKey;
import io.ockamj.crypto.identity.PurposeKeyAttestation;
import io.ockamj.crypto.identity.PurposeKeys;
import io.ockamj.store.Store;
import io.ockamj.verticles.identity.IdentityManagerException.Reason;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.Map;

/**
 * The purpose keys of the identities of an {@link IdentityManagerImpl} (secure channel and credential
 * keys): attested, stored, reused while usable, replaced and deleted.
 */
final class IdentityPurposeKeys {

  private static final System.Logger LOG = System.getLogger(IdentityManagerImpl.class.getName());

  private final Store store;
  private final Clock clock;
  private final VerifyingVault verifier;
  private final IdentityVaults vaults;

  IdentityPurposeKeys(Store store, Clock clock, VerifyingVault verifier, IdentityVaults vaults) {
    this.store = store;
    this.clock = clock;
    this.verifier = verifier;
    this.vaults = vaults;
  }

  /**
   * Gets the usable purpose key of an identity, or creates, attests and stores a new one (Rust's
   * get_or_create_purpose_key); a key it replaces is deleted from the vault.
   */
  Future<PurposeKey> getOrCreate(Vault vault, Identity identity, Purpose purpose) {
    String id = identity.identifier().toString();
    return store.purposeKeys().get(id, purpose.storageName()).compose(stored -> {
      PurposeKey known = stored.map(bytes -> decodePurposeKey(bytes, purpose)).orElse(null);
      return vaults.blocking(() -> {
        PurposeKeys keys = PurposeKeys.create(vault, vault, vault, verifier, clock);
        if (known != null && keys.isUsable(known, identity)) {
          return known;
        }
        IdentityVaults.requirePrimaryKey(vault, identity);
        long now = clock.instant().getEpochSecond();
        long until = identity.latestChange().changeData().attestationsValidUntil();
        if (now >= until) {
          throw new IdentityManagerException(Reason.IDENTITY_EXPIRED, "identity " + identity.identifier()
            + " can no longer attest keys (attestations valid until " + until + "); rotate it");
        }
        long expires = Math.min(now + IdentityManager.PURPOSE_KEY_TTL.getSeconds(), until);
        return purpose == Purpose.SECURE_CHANNEL
          ? keys.createSecureChannelKey(identity, now, expires)
          : keys.createCredentialKey(identity, IdentityVaults.preferredType(vault), now, expires);
      }).compose(key -> {
        if (key == known) {
          return Future.succeededFuture(key);
        }
        return store.purposeKeys().store(id, purpose.storageName(), key.attestation().bytes())
          .recover(err -> vaults.blocking(() -> deleteKey(vault, key)).transform(ignored -> Future.<Void>failedFuture(err)))
          .compose(v -> known == null || known.keyId().equals(key.keyId()) ? Future.<Void>succeededFuture()
            : vaults.blocking(() -> deleteKey(vault, known)).<Void>mapEmpty())
          .map(v -> {
            LOG.log(System.Logger.Level.DEBUG, "new {0} purpose key for {1}, expires at {2}", purpose.storageName(), id,
              key.expiresAt());
            return key;
          });
      });
    });
  }

  private static boolean deleteKey(Vault vault, PurposeKey key) {
    return key.purpose() == Purpose.SECURE_CHANNEL ? vault.deleteX25519Key(key.keyId())
      : vault.deleteSigningKey(key.keyId());
  }

  private static PurposeKey decodePurposeKey(byte[] attestation, Purpose purpose) {
    try {
      PurposeKey key = PurposeKey.of(PurposeKeyAttestation.decode(attestation));
      return key.purpose() == purpose ? key : null;
    } catch (RuntimeException e) {
      // a malformed stored attestation is replaced like an expired one
      return null;
    }
  }

  /** Deletes an identity's purpose keys from its vault and the store. */
  Future<Void> drop(Vault vault, String identifier) {
    return store.purposeKeys().getAll(identifier).compose(all -> {
      Future<Void> f = Future.succeededFuture();
      for (Map.Entry<String, byte[]> e : all.entrySet()) {
        PurposeKey key = decodePurposeKey(e.getValue(), Purpose.fromStorageName(e.getKey()));
        f = f.compose(v -> key == null ? Future.<Void>succeededFuture() : vaults.blocking(() -> deleteKey(vault, key)).<Void>mapEmpty())
          .compose(v -> store.purposeKeys().delete(identifier, e.getKey()).mapEmpty());
      }
      return f;
    });
  }
}
