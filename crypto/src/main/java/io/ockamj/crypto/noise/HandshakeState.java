package io.ockamj.crypto.noise;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.SecureChannelVault;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.noise.SecureChannelException.Reason;
import io.ockamj.crypto.primitives.AeadException;
import io.ockamj.crypto.primitives.SecretBytes;
import io.ockamj.crypto.primitives.WeakKeyException;
import io.ockamj.crypto.primitives.X25519;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The Noise XX handshake exactly as Ockam runs it (cipher suite
 * {@code OCKAM_XX_25519_AES256_GCM_SHA256}): X25519, AES-256-GCM, SHA-256, an empty prologue, an
 * (empty by default) clear payload in message 1, encrypted payloads in messages 2 and 3, and
 * Ockam's <b>reversed</b> split (the initiator encrypts with {@code k2}).
 * <p>
 * Drive it with {@link #getAction()}:
 * <pre>{@code
 * HandshakeState hs = HandshakeState.initiator(vault, staticKeyId);
 * while (true) {
 *   switch (hs.getAction()) {
 *     case WRITE_MESSAGE: send(hs.writeMessage(myPayload)); break;
 *     case READ_MESSAGE:  byte[] peerPayload = hs.readMessage(receive()); break;
 *     case SPLIT:         TransportKeys keys = hs.split(); break;  // then COMPLETE
 *     ...
 *   }
 * }
 * }</pre>
 * Initiator: WRITE (message 1), READ (2), WRITE (3), SPLIT, COMPLETE. Responder: READ (1), WRITE
 * (2), READ (3), SPLIT, COMPLETE.
 * <p>
 * <b>Failure contract.</b> {@link #readMessage(byte[])} checks the size of every message and
 * throws {@link SecureChannelException} for bad bytes (too short or too long, authentication
 * failure, low-order key). Like Rust, a rejected message leaves the state <i>unchanged</i> (the
 * message is processed on a copy and committed only on success), so a later valid message can still
 * complete the handshake. Calling a method in the wrong state raises {@link IllegalStateException}.
 * {@link #fail()} (for example when the peer's identity does not verify), a failure while writing,
 * or {@link #destroy()} before completion move the state to {@link Action#FAILED}.
 * <p>
 * <b>Key hygiene.</b> Every secret stays in a {@link SecureChannelVault}: the static key is a vault
 * key, the ephemeral key is generated in the vault, and each Diffie-Hellman output, chaining key and
 * cipher key is a vault buffer named by a handle, deleted when replaced, on {@link #split()}, on
 * failure and on {@link #destroy()}. Only the two session keys of the split leave the vault, for the
 * data phase. The factories that take raw secrets (test vectors) import them into a private
 * in-memory vault that the state closes when it is done. Not thread-safe: confine an instance to
 * one thread or verticle context; the vault may be shared.
 */
public final class HandshakeState implements Destroyable, AutoCloseable {

  /** Ockam's production protocol name (exactly 32 ASCII bytes). */
  public static final String PROTOCOL_NAME = "OCKAM_XX_25519_AES256_GCM_SHA256";

  /** Largest accepted handshake message, in bytes (Rust {@code NOISE_MAX_MESSAGE_SIZE}). */
  public static final int MAX_MESSAGE_SIZE = 65535;

  /** Size of a public key on the wire. */
  public static final int DH_LEN = X25519.KEY_SIZE;

  /** Size of the AES-GCM tag. */
  public static final int TAG_LEN = 16;

  /** Minimum size of message 1: the initiator's ephemeral key. */
  public static final int MESSAGE1_MIN = DH_LEN;

  /** Minimum size of message 2: ephemeral key, encrypted static key, tag of the payload. */
  public static final int MESSAGE2_MIN = DH_LEN + DH_LEN + TAG_LEN + TAG_LEN;

  /** Minimum size of message 3: encrypted static key, tag of the payload. */
  public static final int MESSAGE3_MIN = DH_LEN + TAG_LEN + TAG_LEN;

  /** Which side of the handshake this state plays. */
  public enum Role {
    /** Sends message 1 and 3; encrypts with {@code k2} after the split. */
    INITIATOR,
    /** Sends message 2; encrypts with {@code k1} after the split. */
    RESPONDER
  }

  /** What the state machine expects next. */
  public enum Action {
    /** Call {@link #writeMessage(byte[])}. */
    WRITE_MESSAGE,
    /** Call {@link #readMessage(byte[])}. */
    READ_MESSAGE,
    /** All three messages are done; call {@link #split()}. */
    SPLIT,
    /** {@link #split()} has been called; the handshake is over and its secrets are wiped. */
    COMPLETE,
    /** The handshake was abandoned; no further call is possible. */
    FAILED
  }

  private final Role role;
  private final SoftwareVault ownVault;
  private SymmetricState sym;
  private final XxMessages messages;
  private final XxProgress progress;
  private boolean wiped;
  private byte[] re;
  private byte[] rs;
  private byte[] finalHash;

  private HandshakeState(Role role, byte[] name, SecureChannelVault vault, SoftwareVault ownVault, KeyId staticKey,
                         KeyId ephemeralKey) {
    this.role = role;
    this.ownVault = ownVault;
    try {
      this.messages = new XxMessages(vault, staticKey, ephemeralKey);
      this.sym = new SymmetricState(vault, Arrays.copyOf(name, 32));
    } catch (RuntimeException ex) {
      vault.deleteX25519Key(ephemeralKey);
      if (ownVault != null) {
        ownVault.close();
      }
      throw ex;
    }
    this.progress = new XxProgress(role);
  }

  /**
   * Creates an initiator with Ockam's protocol name, using a static key held by a vault and a fresh
   * ephemeral key generated in it.
   *
   * @param vault the vault that holds the static key and runs every key operation
   * @param staticKey our static X25519 key (the SecureChannelStatic purpose key)
   * @return a state whose first action is {@link Action#WRITE_MESSAGE}
   * @throws io.ockamj.crypto.VaultException if the vault has no such key
   */
  public static HandshakeState initiator(SecureChannelVault vault, KeyId staticKey) {
    return create(Role.INITIATOR, vault, staticKey, PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Creates a responder with Ockam's protocol name, using a static key held by a vault and a fresh
   * ephemeral key generated in it.
   *
   * @param vault the vault that holds the static key and runs every key operation
   * @param staticKey our static X25519 key
   * @return a state whose first action is {@link Action#READ_MESSAGE}
   * @throws io.ockamj.crypto.VaultException if the vault has no such key
   */
  public static HandshakeState responder(SecureChannelVault vault, KeyId staticKey) {
    return create(Role.RESPONDER, vault, staticKey, PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Creates a state on a vault with a given protocol name.
   *
   * @param role initiator or responder
   * @param vault the vault that holds the static key and runs every key operation
   * @param staticKey our static X25519 key
   * @param protocolName the Noise protocol name, 1 to 32 bytes, zero-padded to 32
   * @return the new state
   * @throws IllegalArgumentException if the name's length is wrong
   * @throws io.ockamj.crypto.VaultException if the vault has no such key
   */
  public static HandshakeState create(Role role, SecureChannelVault vault, KeyId staticKey, byte[] protocolName) {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(staticKey, "staticKey");
    checkName(protocolName);
    if (staticKey.type() != KeyType.X25519) {
      throw new IllegalArgumentException("the static key must be an X25519 key, not " + staticKey.type());
    }
    return new HandshakeState(role, protocolName, vault, null, staticKey, vault.generateEphemeralX25519Key());
  }

  /**
   * Creates an initiator with Ockam's protocol name and a fresh random ephemeral key, from a raw
   * static secret (imported into a private in-memory vault).
   *
   * @param staticSecret our 32-byte X25519 static secret; copied, the caller keeps ownership of its
   *   array
   * @return a state whose first action is {@link Action#WRITE_MESSAGE}
   */
  public static HandshakeState initiator(byte[] staticSecret) {
    return create(Role.INITIATOR, staticSecret, null, PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Creates a responder with Ockam's protocol name and a fresh random ephemeral key, from a raw
   * static secret (imported into a private in-memory vault).
   *
   * @param staticSecret our 32-byte X25519 static secret; copied
   * @return a state whose first action is {@link Action#READ_MESSAGE}
   */
  public static HandshakeState responder(byte[] staticSecret) {
    return create(Role.RESPONDER, staticSecret, null, PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Creates a state with every parameter explicit, for test vectors and other suites. The secrets
   * are imported into a private in-memory vault.
   *
   * @param role initiator or responder
   * @param staticSecret our 32-byte X25519 static secret; copied
   * @param ephemeralSecret a fixed 32-byte ephemeral secret (copied), or {@code null} for a fresh
   *   random one. Never reuse a fixed ephemeral key outside tests.
   * @param protocolName the Noise protocol name, 1 to 32 bytes, zero-padded to 32 (the tests of
   *   Ockam's handshake.rs use {@code Noise_XX_25519_AESGCM_SHA256}, production uses
   *   {@link #PROTOCOL_NAME})
   * @return the new state
   * @throws IllegalArgumentException if a length is wrong
   */
  public static HandshakeState create(Role role, byte[] staticSecret, byte[] ephemeralSecret, byte[] protocolName) {
    if (role == null) {
      throw new NullPointerException("role");
    }
    checkName(protocolName);
    OwnVault own = OwnVault.of(staticSecret, ephemeralSecret);
    return new HandshakeState(role, protocolName, own.vault(), own.vault(), own.staticKey(), own.ephemeralKey());
  }

  private static void checkName(byte[] name) {
    if (name == null || name.length == 0 || name.length > 32) {
      throw new IllegalArgumentException("protocol name must be 1 to 32 bytes");
    }
  }

  /**
   * @return what the caller must do next
   */
  public Action getAction() {
    return progress.action();
  }

  /**
   * @return our role
   */
  public Role getRole() {
    return role;
  }

  /**
   * Writes the next handshake message (message 1 for the initiator, message 2 for the responder,
   * message 3 for the initiator).
   *
   * @param payload the payload: empty for message 1 in Ockam; the CBOR of
   *   {@link IdentityAndCredentials} for messages 2 and 3. Sent in clear in message 1, encrypted
   *   otherwise. {@code null} means empty.
   * @return the message bytes to send
   * @throws IllegalStateException if {@link #getAction()} is not {@link Action#WRITE_MESSAGE}
   * @throws IllegalArgumentException if the message would exceed {@link #MAX_MESSAGE_SIZE}
   * @throws SecureChannelException if the peer's ephemeral key (read earlier) is a low-order point;
   *   the state is then {@link Action#FAILED}
   */
  public byte[] writeMessage(byte[] payload) {
    progress.expect(Action.WRITE_MESSAGE);
    byte[] p = payload == null ? new byte[0] : payload;
    int step = progress.message();
    int overhead = XxMessages.overhead(step);
    if (p.length > MAX_MESSAGE_SIZE - overhead) {
      throw new IllegalArgumentException("handshake payload of " + p.length + " bytes does not fit in a message");
    }
    try {
      byte[] out = messages.write(step, sym, re, p);
      progress.advance();
      return out;
    } catch (WeakKeyException ex) {
      fail();
      throw new SecureChannelException(Reason.WEAK_KEY, "peer ephemeral key is a low-order point", ex);
    } catch (RuntimeException ex) {
      fail();
      throw ex;
    }
  }

  /**
   * Reads the next handshake message.
   *
   * @param message the received message (not modified, not retained)
   * @return the peer's payload (empty for Ockam's message 1)
   * @throws IllegalStateException if {@link #getAction()} is not {@link Action#READ_MESSAGE}
   * @throws SecureChannelException if the message is too short or too long, fails authentication or
   *   carries a low-order key; the state is then unchanged
   */
  public byte[] readMessage(byte[] message) {
    return readMessage(message, 0, message.length);
  }

  /**
   * Reads the next handshake message from a range of an array.
   *
   * @param buf the array holding the message
   * @param off where the message starts
   * @param len the message length
   * @return the peer's payload
   * @throws IllegalStateException if {@link #getAction()} is not {@link Action#READ_MESSAGE}
   * @throws SecureChannelException if the message is bad; the state is then unchanged
   */
  public byte[] readMessage(byte[] buf, int off, int len) {
    progress.expect(Action.READ_MESSAGE);
    int step = progress.message();
    if (off < 0 || len < 0 || buf.length - off < len) {
      throw new IllegalArgumentException("range out of bounds");
    }
    if (len > MAX_MESSAGE_SIZE) {
      throw new SecureChannelException(Reason.MESSAGE_TOO_LARGE,
        "handshake message of " + len + " bytes exceeds " + MAX_MESSAGE_SIZE);
    }
    int min = XxMessages.minLength(step);
    if (len < min) {
      throw new SecureChannelException(Reason.MESSAGE_LEN_MISMATCH,
        "handshake message " + (step + 1) + " of " + len + " bytes is shorter than " + min);
    }
    SymmetricState work = sym.copy();
    boolean committed = false;
    try {
      XxMessages.Received got = messages.read(step, work, buf, off, len);
      work.commit();
      sym = work;
      committed = true;
      if (got.re != null) {
        re = got.re;
      }
      if (got.rs != null) {
        rs = got.rs;
      }
      progress.advance();
      return got.payload;
    } catch (AeadException ex) {
      throw new SecureChannelException(Reason.DECRYPTION_FAILED,
        "handshake message " + (step + 1) + " failed authentication", ex);
    } catch (WeakKeyException ex) {
      throw new SecureChannelException(Reason.WEAK_KEY,
        "handshake message " + (step + 1) + " carries a low-order public key", ex);
    } finally {
      if (!committed) {
        work.rollback();
      }
    }
  }

  /**
   * Derives the transport keys and wipes the handshake secrets. Ockam's split is reversed relative
   * to the Noise specification: with {@code (k1, k2) = HKDF(ck, empty)} the initiator encrypts
   * with {@code k2} and decrypts with {@code k1}; the responder encrypts with {@code k1} and
   * decrypts with {@code k2}.
   *
   * @return the transport keys, owned by the caller (destroy them when done)
   * @throws IllegalStateException if {@link #getAction()} is not {@link Action#SPLIT}
   */
  public TransportKeys split() {
    progress.expect(Action.SPLIT);
    SecretBytes[] k = sym.split();
    finalHash = sym.h().clone();
    SecretBytes enc = role == Role.INITIATOR ? k[1] : k[0];
    SecretBytes dec = role == Role.INITIATOR ? k[0] : k[1];
    TransportKeys keys = new TransportKeys(role, enc, dec, finalHash.clone());
    wipeSecrets();
    progress.complete();
    return keys;
  }

  /**
   * Abandons the handshake: wipes its secrets and moves to {@link Action#FAILED}. Idempotent; has
   * no effect once {@link Action#COMPLETE}.
   */
  public void fail() {
    if (progress.action() != Action.COMPLETE) {
      wipeSecrets();
      progress.fail();
    }
  }

  /**
   * @return the peer's static public key (32 bytes, a copy), available once the initiator has read
   *   message 2 or the responder message 3; {@code null} before
   */
  public byte[] getRemoteStaticPublicKey() {
    return rs == null ? null : rs.clone();
  }

  /**
   * @return the peer's ephemeral public key (a copy), or {@code null} before it was received
   */
  public byte[] getRemoteEphemeralPublicKey() {
    return re == null ? null : re.clone();
  }

  /**
   * @return our static public key (a copy)
   */
  public byte[] getLocalStaticPublicKey() {
    return messages.staticPublicKey().clone();
  }

  /**
   * @return our ephemeral public key (a copy)
   */
  public byte[] getLocalEphemeralPublicKey() {
    return messages.ephemeralPublicKey().clone();
  }

  /**
   * Returns the handshake hash {@code h}: the running value during the handshake, the final value
   * (the channel binding) after {@link #split()}.
   *
   * @return a copy of the 32-byte hash
   * @throws IllegalStateException if the state was destroyed or failed before a split
   */
  public byte[] getHandshakeHash() {
    if (finalHash != null) {
      return finalHash.clone();
    }
    if (progress.action() == Action.FAILED) {
      throw new IllegalStateException("handshake failed");
    }
    return sym.h().clone();
  }

  /** For tests: the current chaining key. */
  byte[] chainingKey() {
    return sym.ck().clone();
  }

  /**
   * Wipes every secret. A handshake destroyed before completion becomes {@link Action#FAILED}.
   */
  @Override
  public void destroy() {
    fail();
    wipeSecrets();
  }

  /**
   * @return {@code true} once the secrets are wiped (after split, failure or destroy)
   */
  @Override
  public boolean isDestroyed() {
    return progress.action() == Action.COMPLETE || progress.action() == Action.FAILED;
  }

  /**
   * Same as {@link #destroy()}.
   */
  @Override
  public void close() {
    destroy();
  }

  /**
   * @return a description without any key material
   */
  @Override
  public String toString() {
    return "HandshakeState[" + role + ", " + progress.action() + "]";
  }

  private void wipeSecrets() {
    if (wiped) {
      return;
    }
    wiped = true;
    try {
      sym.destroy();
      messages.deleteEphemeral();
    } finally {
      if (ownVault != null) {
        ownVault.close();
      }
    }
  }
}
