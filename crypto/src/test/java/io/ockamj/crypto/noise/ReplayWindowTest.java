package io.ockamj.crypto.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.protocol.testing.Vectors;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReplayWindowTest {

  private static long nonce(JsonNode n) {
    if (n.isTextual()) {
      if ("MAX_NONCE".equals(n.asText())) {
        return -1L; // u64::MAX
      }
      return Long.parseUnsignedLong(n.asText());
    }
    return n.asLong();
  }

  private static long unsigned(JsonNode n) {
    return n.isTextual() ? Long.parseUnsignedLong(n.asText()) : n.asLong();
  }

  @Test
  void nonceTrackerSequence() {
    List<JsonNode> vs = Vectors.vectors("replay-window.json", "nonce_tracker_sequence");
    for (JsonNode v : vs) {
      NonceTracker t = new NonceTracker(v.get("key_renewal_interval").asInt());
      int step = 0;
      for (JsonNode s : v.get("steps")) {
        long n = nonce(s.get(0));
        boolean accept = "accept".equals(s.get(1).asText());
        try {
          NonceTracker next = t.mark(n);
          if (!accept) {
            fail("step %d: nonce %d should be rejected", step, n);
          }
          t = next;
        } catch (SecureChannelException e) {
          if (accept) {
            fail("step %d: nonce %d should be accepted: %s", step, n, e.getMessage());
          }
          assertThat(e.reason()).isIn(SecureChannelException.Reason.NONCE_REPLAYED,
            SecureChannelException.Reason.NONCE_OUTSIDE_WINDOW);
        }
        step++;
      }
      assertThat(step).isEqualTo(v.get("steps").size());
    }
  }

  static Stream<JsonNode> getKeyCases() {
    return Vectors.vectors("replay-window.json", "key_tracker_get_key").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("getKeyCases")
  void keyTrackerGetKey(JsonNode v) {
    JsonNode st = v.get("state");
    KeyTracker<String> t = new KeyTracker<>("current", st.get("has_previous_key").asBoolean() ? "previous" : null,
      unsigned(st.get("number_of_rekeys")), st.get("max_rekeys_reached").asBoolean(), st.get("renewal_interval").asLong());
    for (JsonNode s : v.get("steps")) {
      long n = nonce(s.get(0));
      String expected = s.get(1).asText();
      if ("error".equals(expected)) {
        assertThatThrownBy(() -> t.getKey(n)).as("nonce %s", Long.toUnsignedString(n))
          .isInstanceOf(SecureChannelException.class);
      } else if ("new".equals(expected)) {
        assertThat(t.getKey(n)).as("nonce %d", n).isNull();
        assertThat(t.select(n)).isEqualTo(KeyTracker.Selection.NEW);
      } else {
        assertThat(t.getKey(n)).as("nonce %d", n).isEqualTo(expected);
      }
    }
  }

  static Stream<JsonNode> updateKeyCases() {
    return Vectors.vectors("replay-window.json", "key_tracker_update_key").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updateKeyCases")
  void keyTrackerUpdateKey(JsonNode v) {
    JsonNode st = v.get("state");
    KeyTracker<String> t = new KeyTracker<>(st.get("current_key").asText(),
      st.path("previous_key").isMissingNode() || st.get("previous_key").isNull() ? null : st.get("previous_key").asText(),
      unsigned(st.get("number_of_rekeys")), st.get("max_rekeys_reached").asBoolean(), st.get("renewal_interval").asLong());
    for (JsonNode s : v.get("steps")) {
      String deleted = t.updateKey(s.get("key").asText());
      if (s.has("expect_deleted")) {
        if (s.get("expect_deleted").isNull()) {
          assertThat(deleted).isNull();
        } else {
          assertThat(deleted).isEqualTo(s.get("expect_deleted").asText());
        }
      }
      if (s.has("expect_current_key")) {
        assertThat(t.current()).isEqualTo(s.get("expect_current_key").asText());
      }
      if (s.has("expect_previous_key")) {
        assertThat(t.previous()).isEqualTo(s.get("expect_previous_key").asText());
      }
      if (s.has("expect_max_rekeys_reached")) {
        assertThat(t.maxRekeysReached()).isEqualTo(s.get("expect_max_rekeys_reached").asBoolean());
      }
    }
  }
}
