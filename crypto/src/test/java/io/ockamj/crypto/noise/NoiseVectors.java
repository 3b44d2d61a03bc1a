package io.ockamj.crypto.noise;

import static io.ockamj.protocol.testing.Vectors.hex;

import com.fasterxml.jackson.databind.JsonNode;
import io.ockamj.protocol.testing.Vectors;
import java.util.ArrayList;
import java.util.List;

/** Access to noise-xx.json and a helper running a full handshake from a vector's secrets. */
final class NoiseVectors {

  private NoiseVectors() {
  }

  static JsonNode byId(String id) {
    for (JsonNode v : Vectors.load("noise-xx.json").get("vectors")) {
      if (id.equals(v.path("id").asText())) {
        return v;
      }
    }
    throw new IllegalStateException("no vector " + id);
  }

  static List<JsonNode> handshakes() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode v : Vectors.load("noise-xx.json").get("vectors")) {
      if ("handshake".equals(v.path("kind").asText())) {
        out.add(v);
      }
    }
    return out;
  }

  static HandshakeState initiator(JsonNode v) {
    return HandshakeState.create(HandshakeState.Role.INITIATOR, hex(v.get("initiator_static_secret_hex")),
      hex(v.get("initiator_ephemeral_secret_hex")), hex(v.get("protocol_name_hex")));
  }

  static HandshakeState responder(JsonNode v) {
    return HandshakeState.create(HandshakeState.Role.RESPONDER, hex(v.get("responder_static_secret_hex")),
      hex(v.get("responder_ephemeral_secret_hex")), hex(v.get("protocol_name_hex")));
  }

  /** Runs the vector's handshake to the split; returns {initiator keys, responder keys}. */
  static TransportKeys[] runHandshake(JsonNode v) {
    HandshakeState i = initiator(v);
    HandshakeState r = responder(v);
    r.readMessage(i.writeMessage(hex(v.get("message1_payload_hex"))));
    i.readMessage(r.writeMessage(hex(v.get("message2_payload_hex"))));
    r.readMessage(i.writeMessage(hex(v.get("message3_payload_hex"))));
    return new TransportKeys[] {i.split(), r.split()};
  }
}
