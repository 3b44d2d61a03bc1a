package io.ockamj.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's secret: 32 random bytes in a file of the node's state directory that only its user can
 * read ({@code rw-------}). It signs one-time login tokens (minted by {@code ockam node console}, which
 * reads the same file) and session cookies, so a session survives a restart of the node.
 * <p>
 * A login token is {@code base64url(expiresAtMillis(8) || issuedAtMillis(8) || nonce(16)) "." base64url(HMAC-SHA256)}.
 */
public final class ConsoleKey {

  /** The file name of the key in the node's state directory. */
  public static final String FILE = "console.key";
  /** The longest time-to-live a login token may ask for; longer ones are refused. */
  public static final Duration MAX_TOKEN_TTL = Duration.ofMinutes(5);
  /** Bounds a token before it is decoded. */
  static final int MAX_TOKEN_LENGTH = 128;

  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] key;

  private ConsoleKey(byte[] key) {
    this.key = key.clone();
  }

  /** @return a fresh random key, not stored anywhere (tests) */
  public static ConsoleKey random() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return new ConsoleKey(k);
  }

  /**
   * Reads the key in {@code dir}, or creates it readable and writable by its owner only. Blocking file I/O:
   * call it off the event loop.
   *
   * @param dir the node's state directory
   * @return the key
   * @throws IOException if the file cannot be read or written, or does not hold a key
   */
  public static ConsoleKey loadOrCreate(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    Files.createDirectories(dir);
    if (!Files.exists(file)) {
      byte[] k = new byte[32];
      RANDOM.nextBytes(k);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, HexFormat.of().formatHex(k).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          StandardOpenOption.TRUNCATE_EXISTING);
      } catch (FileAlreadyExistsException raced) {
        return load(dir);
      } catch (UnsupportedOperationException notPosix) {
        Files.write(file, HexFormat.of().formatHex(k).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
      return new ConsoleKey(k);
    }
    return load(dir);
  }

  /**
   * Reads the key that a running node created.
   *
   * @param dir the node's state directory
   * @return the key
   * @throws IOException if there is no readable key
   */
  public static ConsoleKey load(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (Files.size(file) > 256) {
      throw new IOException(file + " is not a console key");
    }
    String hex = Files.readString(file).trim();
    try {
      byte[] k = HexFormat.of().parseHex(hex);
      if (k.length != 32) {
        throw new IOException(file + " is not a console key");
      }
      return new ConsoleKey(k);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not a console key", e);
    }
  }

  /**
   * @param ttl how long the token may be exchanged, at most {@link #MAX_TOKEN_TTL}
   * @param now the current time, in epoch milliseconds
   * @return a one-time login token
   */
  public String mintToken(Duration ttl, long now) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TOKEN_TTL) > 0) {
      throw new IllegalArgumentException("a login token lives between 1 ms and " + MAX_TOKEN_TTL.toSeconds() + " s");
    }
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    ByteBuffer b = ByteBuffer.allocate(32).putLong(now + ttl.toMillis()).putLong(now).put(nonce);
    byte[] body = b.array();
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    return enc.encodeToString(body) + "." + enc.encodeToString(mac("login", body));
  }

  /** A verified token: its expiry, when it was issued, and its nonce (hex) for the one-time check. */
  record Token(long expiresAt, long issuedAt, String nonce) {
  }

  /**
   * Checks a token's signature and form (not its expiry nor whether it was used).
   *
   * @return the token, or {@code null} if it is not one this key signed
   */
  Token verify(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH) {
      return null;
    }
    int dot = token.indexOf('.');
    if (dot < 0) {
      return null;
    }
    byte[] body;
    byte[] sig;
    try {
      body = Base64.getUrlDecoder().decode(token.substring(0, dot));
      sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (body.length != 32 || !MessageDigest.isEqual(sig, mac("login", body))) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(body);
    long expires = b.getLong();
    long issued = b.getLong();
    return new Token(expires, issued, HexFormat.of().formatHex(body, 16, 32));
  }

  /**
   * @param purpose what the MAC is for (domain separation: login, session, csrf)
   * @param data the bytes to sign
   * @return HMAC-SHA256 of the purpose and the data
   */
  byte[] mac(String purpose, byte[] data) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      m.update(purpose.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      m.update((byte) 0);
      return m.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "ConsoleKey[redacted]";
  }
}
