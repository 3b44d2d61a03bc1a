package io.ockamj.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A named vault (table {@code vault}): where the secret keys of the identities that use it live.
 *
 * @param name the vault's unique name
 * @param kind where its secrets are
 * @param path the SQLite file holding its software secrets ({@link Kind#FILE}, {@link Kind#PKCS11}),
 *     or {@code null} ({@link Kind#DATABASE}: the node database)
 * @param pkcs11Config the SunPKCS11 configuration file ({@link Kind#PKCS11} only), else {@code null}
 * @param pinFile a file holding the token's PIN ({@link Kind#PKCS11} only, optional), else {@code null}
 * @param isDefault whether this is the default vault
 * @param createdAt when it was created (second precision)
 */
public record VaultRecord(String name, Kind kind, String path, String pkcs11Config, String pinFile, boolean isDefault,
                          Instant createdAt) {

  /** Where a vault keeps its secrets. */
  public enum Kind {
    /** In the node database's {@code vault_key} table (Rust's {@code DatabaseVault}). */
    DATABASE,
    /** In the {@code vault_key} table of a SQLite file of its own (Rust's {@code LocalFileVault}). */
    FILE,
    /** Signing keys on a PKCS#11 token; X25519 keys in a SQLite file of its own (ours). */
    PKCS11;

    /**
     * @return the value stored in the {@code kind} column
     */
    public String column() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param column a {@code kind} column value
     * @return the kind
     * @throws IllegalArgumentException if the value is unknown
     */
    public static Kind fromColumn(String column) {
      return valueOf(column.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * Validates the record.
   *
   * @param name the name
   * @param kind the kind
   * @param path the secrets file
   * @param pkcs11Config the configuration file
   * @param pinFile the PIN file
   * @param isDefault the default flag
   * @param createdAt the creation time
   * @throws IllegalArgumentException if the paths do not fit the kind
   */
  public VaultRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
    if ((kind == Kind.DATABASE) != (path == null)) {
      throw new IllegalArgumentException(kind == Kind.DATABASE ? "a database vault has no path" : "a " + kind.column()
          + " vault needs a path");
    }
    if ((kind == Kind.PKCS11) != (pkcs11Config != null)) {
      throw new IllegalArgumentException("a PKCS#11 configuration belongs to pkcs11 vaults only");
    }
    if (pinFile != null && kind != Kind.PKCS11) {
      throw new IllegalArgumentException("a PIN file belongs to pkcs11 vaults only");
    }
  }
}
