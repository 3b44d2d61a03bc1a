package io.ockamj.verticles.identity;

import io.ockamj.store.VaultRecord;
import io.ockamj.verticles.identity.IdentityManagerException.Reason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Where the PIN of a PKCS#11 vault's token comes from: the environment variable
 * {@value VaultManager#PIN_ENV}, else the PIN file whose path the vault record keeps. The PIN is
 * returned as a char array the caller wipes; it is never kept, logged or stored.
 */
final class TokenPins {

  private static final int MAX_PIN_FILE = 1024;

  private TokenPins() {
  }

  /** The PIN from the environment, else from the vault's PIN file (blocking file I/O). */
  static char[] pin(VaultRecord r, Function<String, String> env) {
    String fromEnv = env.apply(VaultManager.PIN_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    if (r.pinFile() == null) {
      throw new IdentityManagerException(Reason.VAULT_UNAVAILABLE, "vault '" + r.name() + "' needs the PIN of its "
        + "PKCS#11 token: set " + VaultManager.PIN_ENV + " or create the vault with --pin-file FILE");
    }
    Path file = Path.of(r.pinFile());
    byte[] bytes = null;
    try {
      if (Files.size(file) > MAX_PIN_FILE) {
        throw new IdentityManagerException(Reason.VAULT_UNAVAILABLE, "vault '" + r.name() + "': the PIN file " + file
          + " is larger than " + MAX_PIN_FILE + " bytes");
      }
      bytes = Files.readAllBytes(file);
      CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
      int end = chars.limit();
      while (end > 0 && (chars.get(end - 1) == '\n' || chars.get(end - 1) == '\r')) {
        end--;
      }
      char[] out = new char[end];
      chars.get(out, 0, end);
      Arrays.fill(chars.array(), '\0');
      if (out.length == 0) {
        throw new IdentityManagerException(Reason.VAULT_UNAVAILABLE, "vault '" + r.name() + "': the PIN file " + file
          + " is empty");
      }
      return out;
    } catch (IOException e) {
      throw new IdentityManagerException(Reason.VAULT_UNAVAILABLE, "vault '" + r.name() + "': cannot read the PIN file "
        + file + " (" + e.getClass().getSimpleName() + ")", e);
    } finally {
      if (bytes != null) {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }
}
