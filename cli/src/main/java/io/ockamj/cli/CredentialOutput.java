package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.JsonText;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.CredentialData;
import io.ockamj.crypto.identity.PurposeKeyAttestationData;
import io.ockamj.crypto.identity.PurposePublicKey;
import io.ockamj.crypto.identity.Purpose;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a credential prints, as Rust's {@code ockam} prints it ({@code CredentialOutput},
 * {@code LocalCredentialOutput} and {@code CredentialAndPurposeKeyDisplay} of ockam_command):
 * the JSON {@code {credential, subject, issuer, created_at, expires_at, attributes}}, the text of
 * {@code credential issue} and of a {@code credential list} item, and the long display that
 * {@code credential issue --encoding plain} gives a pipe. Built from the credential's bytes without
 * checking its signature (the caller has issued, verified or stored it).
 */
final class CredentialOutput {

  private final CredentialAndPurposeKey credential;
  private final CredentialData data;
  private final PurposeKeyAttestationData key;

  private CredentialOutput(CredentialAndPurposeKey credential) {
    this.credential = credential;
    this.data = credential.credential().credentialData();
    this.key = credential.purposeKeyAttestation().attestationData();
  }

  /**
   * @param credential a credential with the issuer's purpose key attestation
   * @return its output
   */
  static CredentialOutput of(CredentialAndPurposeKey credential) {
    return new CredentialOutput(credential);
  }

  /**
   * @param bytes a stored credential (CBOR); decoding is bounded by {@link CredentialAndPurposeKey#decode}
   * @return its output
   */
  static CredentialOutput of(byte[] bytes) {
    return new CredentialOutput(CredentialAndPurposeKey.decode(bytes));
  }

  /** @return the attributes as text, keys in byte order (Rust keeps them in a BTreeMap) */
  Map<String, String> attributes() {
    Map<String, String> out = new TreeMap<>();
    data.attributes().entries().forEach(e -> out.put(text(e.getKey()), text(e.getValue())));
    return out;
  }

  private static String text(byte[] b) {
    java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder();
    try {
      return d.decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return "**binary**";
    }
  }

  /** @return the subject's identifier (empty text if the credential names none) */
  String subject() {
    return data.subject().map(Object::toString).orElse("");
  }

  /** @return the issuer: the identity that attested the purpose key */
  String issuer() {
    return key.subject().toString();
  }

  /** @return seconds since the epoch */
  long createdAt() {
    return data.createdAt();
  }

  /** @return seconds since the epoch */
  long expiresAt() {
    return data.expiresAt();
  }

  /** @return Rust's {@code CredentialOutput} JSON */
  JsonObject json() {
    JsonObject a = new JsonObject();
    attributes().forEach(a::put);
    return new JsonObject().put("credential", credential.hex()).put("subject", subject()).put("issuer", issuer())
      .put("created_at", createdAt()).put("expires_at", expiresAt()).put("attributes", a);
  }

  /** @return Rust's {@code LocalCredentialOutput} JSON: the credential, its scope and whether it verified */
  JsonObject localJson(String scope, boolean verified) {
    return new JsonObject().put("credential", json()).put("scope", scope).put("is_verified", verified);
  }

  /** @return the credential's text (Rust's {@code CredentialOutput::item}), each line padded */
  String item() {
    StringBuilder b = new StringBuilder();
    for (String line : listItem().split("\n")) {
      b.append(Fmt.PADDING).append(line).append('\n');
    }
    return b.toString().stripTrailing();
  }

  /** @return the credential's text in a list (Rust's {@code as_list_item}) */
  String listItem() {
    String i = Fmt.INDENTATION;
    return "Credential:\n"
      + i + "subject: " + subject() + "\n"
      + i + "issuer: " + issuer() + "\n"
      + i + "created at: " + createdAt() + "\n"
      + i + "expires at: " + expiresAt() + "\n"
      + i + "attributes: " + JsonText.compact(attributes()) + "\n"
      + i + "credential: " + credential.hex();
  }

  /** @return a stored credential's text in a list: the credential, whether it verified and its scope */
  String localListItem(String scope, boolean verified) {
    return listItem() + "\n" + Fmt.INDENTATION + "is verified: " + (verified ? "✔︎" : "✕") + "\n"
      + Fmt.INDENTATION + "scope: " + scope;
  }

  /**
   * The long display of the credential and its purpose key, each line padded (what Rust's
   * {@code credential issue} prints through a pipe with {@code --encoding plain}).
   *
   * @return the text
   */
  String display() {
    StringBuilder b = new StringBuilder();
    b.append("Credential:\n");
    b.append("Version:                    1\n");
    data.subject().ifPresent(s -> b.append("Subject:                    ").append(s).append('\n'));
    data.subjectLatestChangeHash().ifPresent(h -> b.append("Subject Latest Change Hash: ").append(h).append('\n'));
    b.append("Created:                    ").append(time(data.createdAt())).append('\n');
    b.append("Expires:                    ").append(time(data.expiresAt())).append('\n');
    b.append("Attributes: \n");
    b.append("  Schema: ").append(data.attributes().schema()).append("; {");
    boolean first = true;
    for (Map.Entry<String, String> e : attributes().entrySet()) {
      b.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": \"").append(e.getValue()).append('"');
      first = false;
    }
    b.append("}\n\n");
    b.append("Purpose key:\n");
    b.append("Version:                    1\n");
    b.append("Subject:                    ").append(key.subject()).append('\n');
    b.append("Subject Latest Change Hash: ").append(key.subjectLatestChangeHash()).append('\n');
    b.append("Created:                    ").append(time(key.createdAt())).append('\n');
    b.append("Expires:                    ").append(time(key.expiresAt())).append('\n');
    b.append("Public Key -> ").append(publicKey(key.publicKey())).append('\n');
    StringBuilder padded = new StringBuilder();
    for (String line : b.toString().split("\n", -1)) {
      padded.append(Fmt.PADDING).append(line).append('\n');
    }
    return padded.toString().stripTrailing();
  }

  private static String publicKey(PurposePublicKey k) {
    if (k.purpose() == Purpose.SECURE_CHANNEL) {
      return "Secure Channel Key -> X25519: " + HexFormat.of().formatHex(k.bytes());
    }
    String type = switch (k.keyType()) {
      case ED25519 -> "Ed25519";
      case P256 -> "P256";
      default -> k.keyType().ockamName();
    };
    return "Credentials Key -> " + type + ": " + HexFormat.of().formatHex(k.bytes());
  }

  /** Rust's {@code human_readable_time}: ISO 8601 in UTC to the second, e.g. 2024-05-01T12:00:00Z. */
  static String time(long seconds) {
    return Instant.ofEpochSecond(seconds).toString();
  }
}
