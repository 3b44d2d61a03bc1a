package io.ockamj.crypto.noise;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.SecureChannelVault;

import java.util.Arrays;

/**
 * The three message patterns of Noise XX over a {@link SymmetricState}: which tokens each message
 * carries, in which order they are mixed, and where they lie in the bytes. Holds our static and
 * ephemeral keys (handles in the vault, and their public halves). {@link HandshakeState} runs the
 * state machine around it: whose turn it is, commit or rollback, failure and wiping.
 */
final class XxMessages {

  private static final int DH_LEN = HandshakeState.DH_LEN;
  private static final int TAG_LEN = HandshakeState.TAG_LEN;

  /** What a received message yields: the peer's keys (if the message carried them) and payload. */
  static final class Received {
    final byte[] re;
    final byte[] rs;
    final byte[] payload;

    Received(byte[] re, byte[] rs, byte[] payload) {
      this.re = re;
      this.rs = rs;
      this.payload = payload;
    }
  }

  private final SecureChannelVault vault;
  private final KeyId s;
  private final byte[] sPub;
  private final KeyId e;
  private final byte[] ePub;

  XxMessages(SecureChannelVault vault, KeyId staticKey, KeyId ephemeralKey) {
    this.vault = vault;
    this.s = staticKey;
    this.e = ephemeralKey;
    this.sPub = vault.x25519PublicKey(staticKey);
    this.ePub = vault.x25519PublicKey(ephemeralKey);
  }

  byte[] staticPublicKey() {
    return sPub;
  }

  byte[] ephemeralPublicKey() {
    return ePub;
  }

  /** Deletes our ephemeral key from the vault. */
  void deleteEphemeral() {
    vault.deleteX25519Key(e);
  }

  /**
   * @param index 0, 1 or 2 for messages 1, 2 and 3
   * @return the bytes a message adds around its payload
   */
  static int overhead(int index) {
    return index == 0 ? DH_LEN : index == 1 ? DH_LEN + DH_LEN + 2 * TAG_LEN : DH_LEN + 2 * TAG_LEN;
  }

  /**
   * @param index 0, 1 or 2 for messages 1, 2 and 3
   * @return the smallest valid size of that message
   */
  static int minLength(int index) {
    return index == 0 ? HandshakeState.MESSAGE1_MIN : index == 1 ? HandshakeState.MESSAGE2_MIN
      : HandshakeState.MESSAGE3_MIN;
  }

  /**
   * Writes message {@code index + 1} (the initiator writes 0 and 2, the responder 1).
   *
   * @param index the message index, 0 to 2
   * @param sym the symmetric state
   * @param re the peer's ephemeral key (messages 2 and 3)
   * @param p the payload
   * @return the message
   */
  byte[] write(int index, SymmetricState sym, byte[] re, byte[] p) {
    return index == 0 ? writeMessage1(sym, p) : index == 1 ? writeMessage2(sym, re, p) : writeMessage3(sym, re, p);
  }

  /**
   * Reads message {@code index + 1} (the responder reads 0 and 2, the initiator 1) into a working
   * copy of the symmetric state.
   *
   * @param index the message index, 0 to 2
   * @param work the working copy
   * @param buf the array holding the message, whose length the caller checked
   * @param off where it starts
   * @param len its length
   * @return the keys and payload received
   */
  Received read(int index, SymmetricState work, byte[] buf, int off, int len) {
    return index == 0 ? readMessage1(work, buf, off, len) : index == 1 ? readMessage2(work, buf, off, len)
      : readMessage3(work, buf, off, len);
  }

  // -> e ; payload in clear
  byte[] writeMessage1(SymmetricState sym, byte[] p) {
    sym.mixHash(ePub);
    sym.mixHash(p);
    return concat(ePub, p);
  }

  // <- e, ee, s, es ; payload
  byte[] writeMessage2(SymmetricState sym, byte[] re, byte[] p) {
    sym.mixHash(ePub);
    sym.mixKey(vault.x25519Ecdh(e, re));
    byte[] encS = sym.encryptAndHash(sPub);
    sym.mixKey(vault.x25519Ecdh(s, re));
    byte[] encP = sym.encryptAndHash(p);
    return concat(ePub, concat(encS, encP));
  }

  // -> s, se ; payload
  byte[] writeMessage3(SymmetricState sym, byte[] re, byte[] p) {
    byte[] encS = sym.encryptAndHash(sPub);
    sym.mixKey(vault.x25519Ecdh(s, re));
    byte[] encP = sym.encryptAndHash(p);
    return concat(encS, encP);
  }

  // -> e ; payload in clear (the length is checked by the caller)
  Received readMessage1(SymmetricState work, byte[] buf, int off, int len) {
    byte[] re = Arrays.copyOfRange(buf, off, off + DH_LEN);
    work.mixHash(re);
    byte[] payload = work.decryptAndHash(buf, off + DH_LEN, len - DH_LEN);
    return new Received(re, null, payload);
  }

  // <- e, ee, s, es ; payload
  Received readMessage2(SymmetricState work, byte[] buf, int off, int len) {
    byte[] re = Arrays.copyOfRange(buf, off, off + DH_LEN);
    work.mixHash(re);
    work.mixKey(vault.x25519Ecdh(e, re));
    byte[] rs = work.decryptAndHash(buf, off + DH_LEN, DH_LEN + TAG_LEN);
    work.mixKey(vault.x25519Ecdh(e, rs));
    byte[] payload = work.decryptAndHash(buf, off + 2 * DH_LEN + TAG_LEN, len - 2 * DH_LEN - TAG_LEN);
    return new Received(re, rs, payload);
  }

  // -> s, se ; payload
  Received readMessage3(SymmetricState work, byte[] buf, int off, int len) {
    byte[] rs = work.decryptAndHash(buf, off, DH_LEN + TAG_LEN);
    work.mixKey(vault.x25519Ecdh(e, rs));
    byte[] payload = work.decryptAndHash(buf, off + DH_LEN + TAG_LEN, len - DH_LEN - TAG_LEN);
    return new Received(null, rs, payload);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
