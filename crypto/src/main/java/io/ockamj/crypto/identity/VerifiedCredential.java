package io.ockamj.crypto.identity;

/**
 * The result of verifying a {@link CredentialAndPurposeKey}: who it is about, who issued it, what
 * it says and until when. This is what a node stores in {@code identity_attributes} (§6.3):
 * attributes for {@link #subject()}, attested by {@link #issuer()}, expiring at
 * {@link #expiresAt()}. Immutable.
 */
public final class VerifiedCredential {

  private final CredentialAndPurposeKey credential;
  private final CredentialData data;
  private final PurposeKeyAttestationData issuerKey;

  VerifiedCredential(CredentialAndPurposeKey credential, CredentialData data, PurposeKeyAttestationData issuerKey) {
    this.credential = credential;
    this.data = data;
    this.issuerKey = issuerKey;
  }

  /**
   * @return the subject (always present in a verified credential)
   */
  public Identifier subject() {
    return data.subject().orElseThrow();
  }

  /**
   * @return the issuing authority's identifier
   */
  public Identifier issuer() {
    return issuerKey.subject();
  }

  /**
   * @return the attributes
   */
  public Attributes attributes() {
    return data.attributes();
  }

  /**
   * @return creation time, unix seconds
   */
  public long createdAt() {
    return data.createdAt();
  }

  /**
   * @return expiry time, unix seconds
   */
  public long expiresAt() {
    return data.expiresAt();
  }

  /**
   * @return the verified credential data
   */
  public CredentialData credentialData() {
    return data;
  }

  /**
   * @return the verified attestation data of the issuer's purpose key
   */
  public PurposeKeyAttestationData issuerKey() {
    return issuerKey;
  }

  /**
   * @return the credential as presented (to forward or store its bytes)
   */
  public CredentialAndPurposeKey credentialAndPurposeKey() {
    return credential;
  }

  @Override
  public String toString() {
    return "VerifiedCredential[subject=" + subject() + ", issuer=" + issuer() + ", " + attributes() + ", expiresAt="
      + expiresAt() + "]";
  }
}
