package io.ockamj.verticles.authority;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The request and response bodies of the authority's services (§6.7–6.9), encoded as Rust's
 * minicbor derives do, and decoded with bounds: at most {@link #MAX_ATTRIBUTES} attributes of at most
 * {@link #MAX_KEY_LENGTH}/{@link #MAX_VALUE_LENGTH} bytes, at most {@link #MAX_MEMBERS} members.
 */
public final class AuthorityMessages {

  /** Most attributes a request may carry. */
  public static final int MAX_ATTRIBUTES = 128;
  /** Longest attribute key, in bytes. */
  public static final int MAX_KEY_LENGTH = 256;
  /** Longest attribute value, in bytes. */
  public static final int MAX_VALUE_LENGTH = 4096;
  /** Most members a list response may carry. */
  public static final int MAX_MEMBERS = 100_000;

  private AuthorityMessages() {
  }

  /**
   * {@code AddMember = {1: Identifier member, 2: {tstr => tstr} attributes}}.
   *
   * @param member the identity to add
   * @param attributes its attributes
   */
  public record AddMember(Identifier member, Map<String, String> attributes) {
    /**
     * @param member the member
     * @param attributes the attributes (copied, sorted)
     */
    public AddMember {
      Objects.requireNonNull(member, "member");
      attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** @return the encoded body */
    public byte[] encode() {
      CborWriter w = new CborWriter().map(2).u64(1).bytes(member.bytes()).u64(2);
      AuthorityCbor.writeTextMap(w, attributes);
      return w.toByteArray();
    }

    /**
     * @param bytes the body
     * @return the request
     * @throws DecodeException if malformed or over the bounds
     */
    public static AddMember decode(byte[] bytes) {
      CborReader r = AuthorityCbor.reader(bytes);
      Identifier member = null;
      Map<String, String> attributes = Map.of();
      int n = r.readMapHeader();
      for (int i = 0; AuthorityCbor.more(r, n, i); i++) {
        long key = r.readU64();
        if (key == 1) {
          member = AuthorityCbor.readIdentifier(r);
        } else if (key == 2) {
          attributes = AuthorityCbor.readTextMap(r);
        } else {
          r.skip();
        }
      }
      r.expectEnd();
      if (member == null) {
        throw new DecodeException("AddMember: no member");
      }
      return new AddMember(member, attributes);
    }
  }

  /**
   * {@code CreateToken = {1: {tstr => tstr} attributes, 2: uint ttl_secs?, 3: uint ttl_count?}}.
   *
   * @param attributes the attributes the token's users get
   * @param ttlSeconds how long the token is valid, or {@code null} for the authority's default
   * @param ttlCount how many times it may be used, or {@code null} for once
   */
  public record CreateToken(Map<String, String> attributes, Long ttlSeconds, Long ttlCount) {
    /**
     * @param attributes the attributes (copied, sorted)
     * @param ttlSeconds the lifetime or {@code null}
     * @param ttlCount the uses or {@code null}
     */
    public CreateToken {
      attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** @return the encoded body */
    public byte[] encode() {
      CborWriter w = new CborWriter().map(1 + (ttlSeconds == null ? 0 : 1) + (ttlCount == null ? 0 : 1)).u64(1);
      AuthorityCbor.writeTextMap(w, attributes);
      if (ttlSeconds != null) {
        w.u64(2).u64(ttlSeconds);
      }
      if (ttlCount != null) {
        w.u64(3).u64(ttlCount);
      }
      return w.toByteArray();
    }

    /**
     * @param bytes the body
     * @return the request
     * @throws DecodeException if malformed or over the bounds
     */
    public static CreateToken decode(byte[] bytes) {
      CborReader r = AuthorityCbor.reader(bytes);
      Map<String, String> attributes = Map.of();
      Long ttl = null;
      Long count = null;
      int n = r.readMapHeader();
      for (int i = 0; AuthorityCbor.more(r, n, i); i++) {
        long key = r.readU64();
        if (key == 1) {
          attributes = AuthorityCbor.readTextMap(r);
        } else if (key == 2) {
          ttl = AuthorityCbor.readOptionalU64(r);
        } else if (key == 3) {
          count = AuthorityCbor.readOptionalU64(r);
        } else {
          r.skip();
        }
      }
      r.expectEnd();
      return new CreateToken(attributes, ttl, count);
    }
  }

  /**
   * Rust's {@code AttributesEntry}: {@code {1: {bytes => bytes} attributes, 2: uint added_at,
   * 3: uint expires_at?, 4: Identifier attested_by?}}, where the byte strings are Rust {@code Vec<u8>}s,
   * which minicbor writes as arrays of integers (decoding accepts byte strings too).
   *
   * @param attributes the attributes (UTF-8 text by convention)
   * @param addedAt when the member was added (unix seconds)
   * @param expiresAt when the entry expires, or {@code null}
   * @param attestedBy who added or attested it, or {@code null}
   */
  public record MemberEntry(Map<String, String> attributes, long addedAt, Long expiresAt, Identifier attestedBy) {
    /**
     * @param attributes the attributes (copied, sorted by key bytes)
     * @param addedAt added
     * @param expiresAt expiry or {@code null}
     * @param attestedBy attester or {@code null}
     */
    public MemberEntry {
      attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    void write(CborWriter w) {
      w.map(2 + (expiresAt == null ? 0 : 1) + (attestedBy == null ? 0 : 1)).u64(1).map(attributes.size());
      for (Map.Entry<String, String> e : attributes.entrySet()) {
        AuthorityCbor.writeByteVec(w, e.getKey().getBytes(StandardCharsets.UTF_8));
        AuthorityCbor.writeByteVec(w, e.getValue().getBytes(StandardCharsets.UTF_8));
      }
      w.u64(2).u64(addedAt);
      if (expiresAt != null) {
        w.u64(3).u64(expiresAt);
      }
      if (attestedBy != null) {
        w.u64(4).bytes(attestedBy.bytes());
      }
    }

    /** @return the encoded entry */
    public byte[] encode() {
      CborWriter w = new CborWriter();
      write(w);
      return w.toByteArray();
    }

    static MemberEntry read(CborReader r) {
      Map<String, String> attributes = new LinkedHashMap<>();
      long addedAt = 0;
      Long expiresAt = null;
      Identifier attestedBy = null;
      int n = r.readMapHeader();
      for (int i = 0; AuthorityCbor.more(r, n, i); i++) {
        long key = r.readU64();
        if (key == 1) {
          int m = r.readMapHeader();
          for (int j = 0; AuthorityCbor.more(r, m, j); j++) {
            if (j >= MAX_ATTRIBUTES) {
              throw new DecodeException("more than " + MAX_ATTRIBUTES + " attributes");
            }
            String k = AuthorityCbor.utf8(AuthorityCbor.readByteVec(r, MAX_KEY_LENGTH));
            attributes.put(k, AuthorityCbor.utf8(AuthorityCbor.readByteVec(r, MAX_VALUE_LENGTH)));
          }
        } else if (key == 2) {
          addedAt = r.readU64();
        } else if (key == 3) {
          expiresAt = AuthorityCbor.readOptionalU64(r);
        } else if (key == 4) {
          if (r.peekNull()) {
            r.readNull();
          } else {
            attestedBy = AuthorityCbor.readIdentifier(r);
          }
        } else {
          r.skip();
        }
      }
      return new MemberEntry(attributes, addedAt, expiresAt, attestedBy);
    }

    /**
     * @param bytes an encoded entry
     * @return the entry
     * @throws DecodeException if malformed or over the bounds
     */
    public static MemberEntry decode(byte[] bytes) {
      CborReader r = AuthorityCbor.reader(bytes);
      MemberEntry e = read(r);
      r.expectEnd();
      return e;
    }
  }

  /**
   * @param members members by identifier
   * @return a CBOR map {@code {Identifier => AttributesEntry}}
   */
  public static byte[] encodeMembers(Map<Identifier, MemberEntry> members) {
    CborWriter w = new CborWriter().map(members.size());
    for (Map.Entry<Identifier, MemberEntry> e : members.entrySet()) {
      w.bytes(e.getKey().bytes());
      e.getValue().write(w);
    }
    return w.toByteArray();
  }

  /**
   * @param bytes a CBOR map {@code {Identifier => AttributesEntry}}
   * @return the members, sorted by identifier
   * @throws DecodeException if malformed or over the bounds
   */
  public static Map<Identifier, MemberEntry> decodeMembers(byte[] bytes) {
    CborReader r = AuthorityCbor.reader(bytes);
    Map<Identifier, MemberEntry> out = new TreeMap<>();
    int n = r.readMapHeader();
    for (int i = 0; AuthorityCbor.more(r, n, i); i++) {
      if (i >= MAX_MEMBERS) {
        throw new DecodeException("more than " + MAX_MEMBERS + " members");
      }
      out.put(AuthorityCbor.readIdentifier(r), MemberEntry.read(r));
    }
    r.expectEnd();
    return out;
  }

  /**
   * @param ids identifiers
   * @return a CBOR array of identifiers
   */
  public static byte[] encodeIdentifiers(List<Identifier> ids) {
    CborWriter w = new CborWriter().array(ids.size());
    ids.forEach(id -> w.bytes(id.bytes()));
    return w.toByteArray();
  }

  /**
   * @param bytes a CBOR array of identifiers
   * @return the identifiers
   * @throws DecodeException if malformed or over the bounds
   */
  public static List<Identifier> decodeIdentifiers(byte[] bytes) {
    CborReader r = AuthorityCbor.reader(bytes);
    List<Identifier> out = new ArrayList<>();
    int n = r.readArrayHeader();
    for (int i = 0; AuthorityCbor.more(r, n, i); i++) {
      if (i >= MAX_MEMBERS) {
        throw new DecodeException("more than " + MAX_MEMBERS + " identifiers");
      }
      out.add(AuthorityCbor.readIdentifier(r));
    }
    r.expectEnd();
    return out;
  }

  /**
   * Encodes attributes as the authority stores them: a CBOR map {@code {bstr => bstr}} in the
   * unsigned order of the key bytes.
   *
   * @param attributes text attributes
   * @return the encoded map
   */
  public static byte[] encodeStoredAttributes(Map<String, String> attributes) {
    TreeMap<byte[], byte[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
    attributes.forEach((k, v) -> sorted.put(k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)));
    CborWriter w = new CborWriter().map(sorted.size());
    sorted.forEach((k, v) -> w.bytes(k).bytes(v));
    return w.toByteArray();
  }

  /**
   * @param bytes attributes as {@link #encodeStoredAttributes} writes them
   * @return the attributes, in key-byte order
   * @throws DecodeException if malformed or over the bounds
   */
  public static Map<String, String> decodeStoredAttributes(byte[] bytes) {
    CborReader r = AuthorityCbor.reader(bytes);
    Map<String, String> out = new LinkedHashMap<>();
    int n = r.readMapHeader();
    for (int i = 0; AuthorityCbor.more(r, n, i); i++) {
      if (i >= MAX_ATTRIBUTES) {
        throw new DecodeException("more than " + MAX_ATTRIBUTES + " attributes");
      }
      String k = AuthorityCbor.utf8(AuthorityCbor.readByteVec(r, MAX_KEY_LENGTH));
      out.put(k, AuthorityCbor.utf8(AuthorityCbor.readByteVec(r, MAX_VALUE_LENGTH)));
    }
    r.expectEnd();
    return out;
  }
}
