package io.ockamj.protocol;

import java.util.Objects;

/**
 * Metadata attached to a message inside a node, never sent over a transport: a type identifier and
 * opaque data. The secure-channel decryptor uses it to tell access controls who sent a message.
 *
 * @param typeIdentifier the kind of information, for example {@code IDENTITY_SECURE_CHANNEL_IDENTIFIER}
 * @param data the information bytes
 */
public record LocalInfo(String typeIdentifier, byte[] data) {

  /**
   * Validates the components.
   *
   * @param typeIdentifier the kind of information
   * @param data the information bytes
   */
  public LocalInfo {
    Objects.requireNonNull(typeIdentifier, "typeIdentifier");
    Objects.requireNonNull(data, "data");
  }
}
