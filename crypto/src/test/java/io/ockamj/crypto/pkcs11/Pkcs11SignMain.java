package io.ockamj.crypto.pkcs11;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Run in a child JVM by {@link Pkcs11VaultTest}: opens the vault of a configuration, signs a hex
 * message with a key given by its id (or with a new key if the id is {@code new}) and prints the
 * key id and the signature in hex on one line.
 * Arguments: CONFIG KEY_ID_HEX|new MESSAGE_HEX; the PIN comes from the environment variable TEST_PIN.
 */
public final class Pkcs11SignMain {

  private Pkcs11SignMain() {
  }

  /**
   * @param args CONFIG KEY_ID_HEX MESSAGE_HEX
   */
  public static void main(String[] args) {
    try (Pkcs11Vault vault = Pkcs11Vault.open(Path.of(args[0]), System.getenv("TEST_PIN").toCharArray())) {
      KeyId key = args[1].equals("new") ? vault.generateSigningKey(KeyType.P256) : KeyId.fromHex(KeyType.P256, args[1]);
      System.out.println(key.hex() + " " + HexFormat.of().formatHex(vault.sign(key, HexFormat.of().parseHex(args[2])).bytes()));
    }
  }
}
