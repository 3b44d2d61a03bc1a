package io.ockamj.crypto.identity;

/**
 * What a purpose key is for (§5.9).
 */
public enum Purpose {
  /** An X25519 static key used as the Noise {@code s} key of secure channels. */
  SECURE_CHANNEL("SC_PK"),
  /** An Ed25519 or P-256 key that signs credentials. */
  CREDENTIALS("C_PK");

  private final String storageName;

  Purpose(String storageName) {
    this.storageName = storageName;
  }

  /**
   * @return the name Rust Ockam stores in table {@code purpose_key.purpose}: {@code SC_PK} or {@code C_PK}
   */
  public String storageName() {
    return storageName;
  }

  /**
   * @param name {@code SC_PK} or {@code C_PK}
   * @return the purpose
   * @throws IllegalArgumentException if the name is unknown
   */
  public static Purpose fromStorageName(String name) {
    for (Purpose p : values()) {
      if (p.storageName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown purpose " + name);
  }
}
