package io.ockamj.crypto.identity;

import io.ockamj.crypto.identity.IdentityException.Rule;
import io.ockamj.protocol.cbor.CborWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * A change history, the exported form of an identity (§5.2): a CBOR array of {@link Change}s.
 * <p>
 * A decoded history is well formed (every change's data decodes as version-1 change data) but not
 * verified: use {@link Identity#verify(ChangeHistory)} or {@link Identity#importFrom(byte[])} for
 * that. The bytes it was decoded from are kept and returned by {@link #bytes()}: always transmit
 * and store those, never a re-encoding. Immutable and thread-safe.
 */
public final class ChangeHistory {

  /** Largest accepted encoded history, in bytes. */
  public static final int MAX_ENCODED_LENGTH = 128 * 1024;

  private final List<Change> changes;
  private final byte[] bytes;

  private ChangeHistory(List<Change> changes, byte[] bytes) {
    this.changes = Collections.unmodifiableList(changes);
    this.bytes = bytes;
  }

  /**
   * Decodes a history.
   *
   * @param bytes the CBOR bytes (copied)
   * @return the history, not yet verified
   * @throws IdentityException ({@link Rule#MALFORMED}, {@link Rule#TOO_LARGE},
   *   {@link Rule#EMPTY_HISTORY}, {@link Rule#UNSUPPORTED_VERSION}, {@link Rule#WRONG_DATA_TYPE})
   *   if the bytes are not a well-formed history
   */
  public static ChangeHistory decode(byte[] bytes) {
    byte[] copy = bytes == null ? null : bytes.clone();
    List<Change> changes = Cbor.decode(copy, MAX_ENCODED_LENGTH, "change history", r -> {
      List<Change> out = new ArrayList<>();
      Cbor.Array a = new Cbor.Array(r);
      while (a.next()) {
        out.add(Change.read(r, out.size()));
      }
      return out;
    });
    if (changes.isEmpty()) {
      throw new IdentityException(Rule.EMPTY_HISTORY, "");
    }
    return new ChangeHistory(changes, copy);
  }

  /**
   * Decodes a history from hex (the export format of §5.10).
   *
   * @param hex the hex text, either case, surrounding whitespace ignored
   * @return the history, not yet verified
   * @throws IdentityException if the text is not hex or not a well-formed history
   */
  public static ChangeHistory fromHex(String hex) {
    return decode(Cbor.fromHex(hex, "change history"));
  }

  /**
   * Builds a history from changes, encoding it deterministically. Used when creating identities.
   *
   * @param changes at least one change
   * @return the history, not yet verified
   * @throws IdentityException ({@link Rule#EMPTY_HISTORY}) if the list is empty
   */
  public static ChangeHistory of(List<Change> changes) {
    if (changes.isEmpty()) {
      throw new IdentityException(Rule.EMPTY_HISTORY, "");
    }
    List<Change> copy = new ArrayList<>(changes);
    return new ChangeHistory(copy, encode(copy));
  }

  private static byte[] encode(List<Change> changes) {
    CborWriter w = new CborWriter(160 * changes.size()).array(changes.size());
    for (Change c : changes) {
      c.writeTo(w);
    }
    return w.toByteArray();
  }

  /**
   * @return the changes, oldest first (unmodifiable, never empty)
   */
  public List<Change> changes() {
    return changes;
  }

  /**
   * @return the number of changes
   */
  public int size() {
    return changes.size();
  }

  /**
   * @return the first change
   */
  public Change firstChange() {
    return changes.get(0);
  }

  /**
   * @return the last change, which holds the current primary key
   */
  public Change latestChange() {
    return changes.get(changes.size() - 1);
  }

  /**
   * @return the identifier: the hash of the first change (§5.3)
   */
  public Identifier identifier() {
    return firstChange().hash().toIdentifier();
  }

  /**
   * @return a copy of the bytes this history was decoded from (or encoded to)
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Encodes the history again from its parts, with the minicbor rules. For a history received from
   * Rust Ockam the result equals {@link #bytes()}; use {@link #bytes()} for anything sent or stored.
   *
   * @return the re-encoded bytes
   */
  public byte[] encode() {
    return encode(changes);
  }

  /**
   * @return {@link #bytes()} as lowercase hex (the export format of §5.10)
   */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Returns a new history with one more change. The bytes of the existing changes are kept.
   *
   * @param change the change to append
   * @return the longer history, not yet verified
   */
  ChangeHistory append(Change change) {
    List<Change> longer = new ArrayList<>(changes);
    longer.add(change);
    return of(longer);
  }

  /**
   * Compares this history with a known one (§5.7).
   *
   * @param known the history already known
   * @return {@link HistoryComparison#NEWER} if this one extends {@code known}, and so on
   */
  public HistoryComparison compare(ChangeHistory known) {
    int common = Math.min(changes.size(), known.changes.size());
    for (int i = 0; i < common; i++) {
      if (!changes.get(i).hash().equals(known.changes.get(i).hash())) {
        return HistoryComparison.CONFLICT;
      }
    }
    int c = Integer.compare(changes.size(), known.changes.size());
    return c == 0 ? HistoryComparison.EQUAL : c > 0 ? HistoryComparison.NEWER : HistoryComparison.OLDER;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChangeHistory && Arrays.equals(((ChangeHistory) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ChangeHistory[" + identifier() + ", " + changes.size() + " changes]";
  }
}
