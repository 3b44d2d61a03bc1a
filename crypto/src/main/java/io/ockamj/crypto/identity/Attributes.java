package io.ockamj.crypto.identity;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The attributes a credential asserts about its subject (§6.1):
 * {@code [uint schema, {bstr key => bstr value, ...}]}. Keys and values are raw bytes, by
 * convention UTF-8 text (§6.5). Entries are kept, and encoded, in the unsigned lexicographic order
 * of the key bytes, as Rust's {@code BTreeMap} does. Immutable and thread-safe.
 */
public final class Attributes {

  /** Schema 1: project member ({@code PROJECT_MEMBER_SCHEMA}). */
  public static final long PROJECT_MEMBER_SCHEMA = 1;

  private final long schema;
  private final TreeMap<byte[], byte[]> map;

  private Attributes(long schema, TreeMap<byte[], byte[]> map) {
    this.schema = schema;
    this.map = map;
  }

  private static TreeMap<byte[], byte[]> newMap() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  /**
   * @return a builder for the project-member schema
   */
  public static Builder builder() {
    return new Builder(PROJECT_MEMBER_SCHEMA);
  }

  /**
   * @param schema the schema identifier
   * @return a builder
   */
  public static Builder builder(long schema) {
    return new Builder(schema);
  }

  /**
   * @param attributes text attributes, encoded as UTF-8
   * @return project-member attributes holding them
   */
  public static Attributes of(Map<String, String> attributes) {
    Builder b = builder();
    attributes.forEach(b::put);
    return b.build();
  }

  /**
   * @return the schema identifier
   */
  public long schema() {
    return schema;
  }

  /**
   * @return the number of attributes
   */
  public int size() {
    return map.size();
  }

  /**
   * @param key the key bytes
   * @return a copy of the value, or empty
   */
  public Optional<byte[]> get(byte[] key) {
    byte[] v = map.get(key);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  /**
   * @param key the key as text (UTF-8)
   * @return the value decoded as UTF-8 (malformed bytes replaced), or empty
   */
  public Optional<String> get(String key) {
    byte[] v = map.get(key.getBytes(StandardCharsets.UTF_8));
    return v == null ? Optional.empty() : Optional.of(new String(v, StandardCharsets.UTF_8));
  }

  /**
   * @return copies of the entries, in key-byte order
   */
  public List<Map.Entry<byte[], byte[]>> entries() {
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>(map.size());
    map.forEach((k, v) -> out.add(new AbstractMap.SimpleImmutableEntry<>(k.clone(), v.clone())));
    return out;
  }

  /**
   * @return the attributes as text (UTF-8, malformed bytes replaced), in key-byte order
   */
  public Map<String, String> toStringMap() {
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)));
    return out;
  }

  /**
   * @return the deterministic minicbor encoding
   */
  public byte[] encode() {
    CborWriter w = new CborWriter(64);
    writeTo(w);
    return w.toByteArray();
  }

  void writeTo(CborWriter w) {
    w.array(2).u64(schema).map(map.size());
    map.forEach((k, v) -> w.bytes(k).bytes(v));
  }

  static Attributes read(CborReader r) {
    Cbor.Array a = new Cbor.Array(r);
    a.require("schema");
    long schema = r.readU64();
    a.require("map");
    TreeMap<byte[], byte[]> map = newMap();
    int n = r.readMapHeader();
    for (int i = 0; n < 0 ? !r.peekBreak() : i < n; i++) {
      byte[] k = r.readBytes();
      byte[] v = r.readBytes();
      map.put(k, v);
    }
    if (n < 0) {
      r.readBreak();
    }
    a.finish();
    return new Attributes(schema, map);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Attributes)) {
      return false;
    }
    Attributes other = (Attributes) o;
    return other.schema == schema && Arrays.equals(other.encode(), encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "Attributes[schema=" + schema + ", " + toStringMap() + "]";
  }

  /**
   * Collects attributes. Putting a key twice keeps the last value.
   */
  public static final class Builder {
    private final long schema;
    private final TreeMap<byte[], byte[]> map = newMap();

    private Builder(long schema) {
      this.schema = schema;
    }

    /**
     * @param key the key bytes (copied)
     * @param value the value bytes (copied)
     * @return this builder
     */
    public Builder put(byte[] key, byte[] value) {
      map.put(Objects.requireNonNull(key, "key").clone(), Objects.requireNonNull(value, "value").clone());
      return this;
    }

    /**
     * @param key the key, encoded as UTF-8
     * @param value the value, encoded as UTF-8
     * @return this builder
     */
    public Builder put(String key, String value) {
      return put(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return the attributes
     */
    public Attributes build() {
      TreeMap<byte[], byte[]> copy = newMap();
      map.forEach((k, v) -> copy.put(k.clone(), v.clone()));
      return new Attributes(schema, copy);
    }
  }
}
