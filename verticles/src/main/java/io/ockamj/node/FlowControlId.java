package io.ockamj.node;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Identifies one flow of untrusted messages inside a node (§3.1): 16 random bytes written as 32
 * lowercase hex characters, the form Ockam uses in API bodies and logs.
 * <p>
 * Flow control ids never travel between nodes; they only decide which local workers the
 * messages of a producer may reach.
 *
 * @param value the 32 hex characters
 */
public record FlowControlId(String value) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Checks the form of the id.
   *
   * @param value the 32 hex characters
   * @throws IllegalArgumentException if {@code value} is not 32 lowercase hex characters
   */
  public FlowControlId {
    Objects.requireNonNull(value, "value");
    if (value.length() != 32 || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException("a flow control id is 32 lowercase hex characters, got '" + value + "'");
    }
  }

  /**
   * @return a fresh random id
   */
  public static FlowControlId random() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return new FlowControlId(HexFormat.of().formatHex(b));
  }

  @Override
  public String toString() {
    return value;
  }
}
