package io.ockamj.crypto.identity;

import static io.ockamj.crypto.identity.Forge.NOW;
import static io.ockamj.crypto.identity.Forge.clockAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.protocol.testing.Vectors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Properties: rotation chains verify, credentials round-trip, mutated inputs fail only with typed errors. */
class IdentityPropertiesTest {

  @Provide
  Arbitrary<KeyType> signingType() {
    return Arbitraries.of(KeyType.ED25519, KeyType.P256);
  }

  @Property(tries = 25)
  void createThenRotateNTimesVerifies(@ForAll("signingType") KeyType first,
                                      @ForAll @Size(max = 6) List<@From("signingType") KeyType> rotations) {
    SoftwareVault vault = SoftwareVault.create();
    Identities identities = Identities.create(vault, VerifyingVault.software(), clockAt(NOW));
    Identity identity = identities.createIdentity(first);
    Identity original = identity;
    for (KeyType type : rotations) {
      Identity previous = identity;
      identity = identities.rotate(identity, new ChangeOptions().setKeyType(type));
      assertThat(identity.compare(previous)).isEqualTo(HistoryComparison.NEWER);
      assertThat(previous.compare(identity)).isEqualTo(HistoryComparison.OLDER);
    }
    Identity imported = Identity.importFrom(original.identifier(), identity.export());
    assertThat(imported.changeHistory().size()).isEqualTo(rotations.size() + 1);
    assertThat(imported.identifier()).isEqualTo(original.identifier());
    assertThat(imported.changeHistory().encode()).isEqualTo(identity.export());
    assertThat(vault.signingKeys()).containsExactly(identities.primaryKeyId(imported));
  }

  @Provide
  Arbitrary<List<Tuple2<byte[], byte[]>>> entries() {
    // a few fixed keys so that some keys repeat (the last value wins)
    Arbitrary<byte[]> keys = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
      Arbitraries.of(new byte[0], "ockam-role".getBytes(), new byte[] {(byte) 0xff}));
    Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
    return Combinators.combine(keys, values).as(Tuple::of).list().ofMaxSize(12);
  }

  @Property(tries = 40)
  void credentialIssueVerifyRoundTrip(@ForAll("signingType") KeyType issuerType,
                                      @ForAll @LongRange(min = 0) long schema,
                                      @ForAll("entries") List<Tuple2<byte[], byte[]>> entries,
                                      @ForAll @IntRange(min = 0, max = 100_000) int ttl) {
    SoftwareVault vault = SoftwareVault.create();
    Identities identities = Identities.create(vault, VerifyingVault.software(), clockAt(NOW));
    Identity issuer = identities.createIdentity(issuerType);
    Identity subject = identities.createIdentity();
    PurposeKey key = PurposeKeys.create(vault, vault, vault, VerifyingVault.software(), clockAt(NOW))
      .createCredentialKey(issuer, issuerType);
    Attributes.Builder b = Attributes.builder(schema);
    entries.forEach(e -> b.put(e.get1(), e.get2()));
    Attributes attributes = b.build();

    CredentialAndPurposeKey cap = Credentials.create(vault, VerifyingVault.software(), clockAt(NOW))
      .issue(key, subject, attributes, Duration.ofSeconds(ttl));
    CredentialAndPurposeKey received = CredentialAndPurposeKey.decode(cap.bytes());
    VerifiedCredential v = received.verify(subject.identifier(), List.of(issuer), NOW + ttl);

    assertThat(v.attributes()).isEqualTo(attributes);
    assertThat(v.attributes().schema()).isEqualTo(schema);
    for (Tuple2<byte[], byte[]> entry : entries) {
      byte[] k = entry.get1();
      byte[] last = null;
      for (Tuple2<byte[], byte[]> e : entries) {
        if (Arrays.equals(e.get1(), k)) {
          last = e.get2();
        }
      }
      assertThat(v.attributes().get(k).orElseThrow()).isEqualTo(last);
    }
    List<Map.Entry<byte[], byte[]>> ordered = v.attributes().entries();
    for (int i = 1; i < ordered.size(); i++) {
      assertThat(Arrays.compareUnsigned(ordered.get(i - 1).getKey(), ordered.get(i).getKey())).isNegative();
    }
  }

  // ---- robustness of the decoders: any mutation of valid bytes verifies or fails with IdentityException

  private static final List<byte[]> HISTORIES = new ArrayList<>();
  private static final byte[] CREDENTIAL;
  private static final Identity AUTHORITY;

  static {
    for (JsonNode v : Vectors.load("identities.json").get("vectors")) {
      HISTORIES.add(Vectors.hex(v.get("change_history_hex")));
    }
    SoftwareVault vault = SoftwareVault.create();
    Identities identities = Identities.create(vault, VerifyingVault.software(), clockAt(NOW - 10));
    Identity authority = identities.rotate(identities.createIdentity(), new ChangeOptions().setKeyType(KeyType.P256));
    HISTORIES.add(authority.export());
    PurposeKey key = PurposeKeys.create(vault, vault, vault, VerifyingVault.software(), clockAt(NOW)).createCredentialKey(authority);
    CREDENTIAL = Credentials.create(vault, VerifyingVault.software(), clockAt(NOW))
      .issue(key, authority, Attributes.builder().put("ockam-role", "member").build(), Duration.ofHours(1)).bytes();
    AUTHORITY = authority;
  }

  @Provide
  Arbitrary<byte[]> history() {
    return Arbitraries.of(HISTORIES);
  }

  @Provide
  Arbitrary<byte[]> credential() {
    return Arbitraries.just(CREDENTIAL);
  }

  static byte[] mutate(byte[] base, int op, int pos, byte value) {
    int p = Math.floorMod(pos, base.length);
    switch (op) {
      case 0: {
        byte[] b = base.clone();
        b[p] = value;
        return b;
      }
      case 1: {
        byte[] b = new byte[base.length + 1];
        System.arraycopy(base, 0, b, 0, p);
        b[p] = value;
        System.arraycopy(base, p, b, p + 1, base.length - p);
        return b;
      }
      case 2: {
        byte[] b = new byte[base.length - 1];
        System.arraycopy(base, 0, b, 0, p);
        System.arraycopy(base, p + 1, b, p, base.length - p - 1);
        return b;
      }
      default:
        return Arrays.copyOf(base, p);
    }
  }

  @Property(tries = 1000)
  void mutatedHistoriesFailOnlyWithTypedErrors(@ForAll("history") byte[] base, @ForAll @IntRange(min = 0, max = 3) int op,
                                               @ForAll int pos, @ForAll byte value) {
    byte[] input = mutate(base, op, pos, value);
    try {
      Identity id = Identity.importFrom(input);
      assertThat(id.export()).isEqualTo(input);
    } catch (IdentityException expected) {
      assertThat(expected.rule()).isNotNull();
    }
  }

  @Property(tries = 1000)
  void mutatedCredentialsFailOnlyWithTypedErrors(@ForAll("credential") byte[] base,
                                                 @ForAll @IntRange(min = 0, max = 3) int op, @ForAll int pos,
                                                 @ForAll byte value) {
    byte[] input = mutate(base, op, pos, value);
    try {
      CredentialAndPurposeKey cap = CredentialAndPurposeKey.decode(input);
      cap.verify(null, List.of(AUTHORITY), NOW);
      PurposeKeyAttestation.decode(cap.purposeKeyAttestation().bytes());
    } catch (IdentityException expected) {
      assertThat(expected.rule()).isNotNull();
    }
  }
}
