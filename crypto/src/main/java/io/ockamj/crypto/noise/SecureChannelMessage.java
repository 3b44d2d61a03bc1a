package io.ockamj.crypto.noise;

import io.ockamj.protocol.Route;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A secure-channel plaintext message (Rust {@code SecureChannelMessage}, section 4.6 of the
 * protocol notes), carried inside a {@link SecureChannelPaddedMessage}:
 * <table>
 *   <caption>variants</caption>
 *   <tr><th>index</th><th>variant</th><th>CBOR</th></tr>
 *   <tr><td>0</td><td>{@link Payload}</td><td>{@code [0, [[onward_route, return_route, bstr payload]]]}</td></tr>
 *   <tr><td>1</td><td>{@link RefreshCredentials}</td><td>{@code [1, [[change_history, [CredentialAndPurposeKey...]]]]}</td></tr>
 *   <tr><td>2</td><td>{@link Close}</td><td>{@code [2, []]}</td></tr>
 * </table>
 */
public sealed interface SecureChannelMessage
  permits SecureChannelMessage.Payload, SecureChannelMessage.RefreshCredentials, SecureChannelMessage.Close {

  /** Variant index of {@link Payload}. */
  int PAYLOAD = 0;
  /** Variant index of {@link RefreshCredentials}. */
  int REFRESH_CREDENTIALS = 1;
  /** Variant index of {@link Close}. */
  int CLOSE = 2;

  /**
   * @return the CBOR variant index
   */
  int variantIndex();

  /**
   * An application message travelling through the channel (Rust {@code PlaintextPayloadMessage}).
   * Immutable.
   */
  final class Payload implements SecureChannelMessage {
    private final Route onwardRoute;
    private final Route returnRoute;
    private final byte[] payload;

    /**
     * @param onwardRoute the remaining onward route after the encryptor
     * @param returnRoute the return route as the sender's application gave it
     * @param payload the message payload (copied)
     */
    public Payload(Route onwardRoute, Route returnRoute, byte[] payload) {
      this.onwardRoute = Objects.requireNonNull(onwardRoute, "onwardRoute");
      this.returnRoute = Objects.requireNonNull(returnRoute, "returnRoute");
      this.payload = payload.clone();
    }

    /**
     * @return the onward route
     */
    public Route onwardRoute() {
      return onwardRoute;
    }

    /**
     * @return the return route
     */
    public Route returnRoute() {
      return returnRoute;
    }

    /**
     * @return a copy of the payload
     */
    public byte[] payload() {
      return payload.clone();
    }

    private Payload(Route onwardRoute, Route returnRoute, byte[] payload, boolean owned) {
      this.onwardRoute = Objects.requireNonNull(onwardRoute, "onwardRoute");
      this.returnRoute = Objects.requireNonNull(returnRoute, "returnRoute");
      this.payload = Objects.requireNonNull(payload, "payload");
    }

    /**
     * Makes a payload message that takes the array over instead of copying it: for the data path,
     * where the caller made the array for this message and never touches it again.
     *
     * @param onwardRoute the remaining onward route after the encryptor
     * @param returnRoute the return route as the sender's application gave it
     * @param payload the message payload, not copied
     * @return the message
     */
    public static Payload wrap(Route onwardRoute, Route returnRoute, byte[] payload) {
      return new Payload(onwardRoute, returnRoute, payload, true);
    }

    /**
     * The payload array itself, not a copy: for the data path, which hands it on unchanged.
     *
     * @return the payload; do not modify it
     */
    public byte[] sharedPayload() {
      return payload;
    }

    /** Internal access without copying. */
    byte[] payloadRef() {
      return payload;
    }

    @Override
    public int variantIndex() {
      return PAYLOAD;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Payload && ((Payload) o).onwardRoute.equals(onwardRoute)
        && ((Payload) o).returnRoute.equals(returnRoute) && Arrays.equals(((Payload) o).payload, payload);
    }

    @Override
    public int hashCode() {
      return Objects.hash(onwardRoute, returnRoute) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "Payload[onward=" + onwardRoute + ", return=" + returnRoute + ", " + payload.length + " bytes]";
    }
  }

  /**
   * New credentials presented by the peer (Rust {@code RefreshCredentialsMessage}). The change
   * history and credentials are kept as their exact received CBOR bytes. Immutable.
   */
  final class RefreshCredentials implements SecureChannelMessage {
    private final byte[] changeHistory;
    private final List<byte[]> credentials;

    /**
     * @param changeHistory the CBOR of the sender's {@code ChangeHistory} (copied)
     * @param credentials the CBOR of each {@code CredentialAndPurposeKey} (copied)
     */
    public RefreshCredentials(byte[] changeHistory, List<byte[]> credentials) {
      this.changeHistory = changeHistory.clone();
      this.credentials = CborSupport.copyList(credentials);
    }

    /**
     * @return a copy of the change history bytes
     */
    public byte[] changeHistory() {
      return changeHistory.clone();
    }

    /**
     * @return copies of the credential bytes
     */
    public List<byte[]> credentials() {
      List<byte[]> out = new ArrayList<>(credentials.size());
      for (byte[] c : credentials) {
        out.add(c.clone());
      }
      return out;
    }

    List<byte[]> credentialsRef() {
      return credentials;
    }

    byte[] changeHistoryRef() {
      return changeHistory;
    }

    @Override
    public int variantIndex() {
      return REFRESH_CREDENTIALS;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RefreshCredentials && Arrays.equals(((RefreshCredentials) o).changeHistory, changeHistory)
        && IdentityAndCredentials.listEquals(((RefreshCredentials) o).credentials, credentials);
    }

    @Override
    public int hashCode() {
      int h = Arrays.hashCode(changeHistory);
      for (byte[] c : credentials) {
        h = h * 31 + Arrays.hashCode(c);
      }
      return h;
    }

    @Override
    public String toString() {
      return "RefreshCredentials[changeHistory=" + changeHistory.length + " bytes, credentials=" + credentials.size() + "]";
    }
  }

  /** The peer closed the channel. A singleton: use {@link #INSTANCE}. */
  final class Close implements SecureChannelMessage {
    /** The only instance. */
    public static final Close INSTANCE = new Close();

    private Close() {
    }

    @Override
    public int variantIndex() {
      return CLOSE;
    }

    @Override
    public String toString() {
      return "Close";
    }
  }
}
