package io.ockamj.protocol.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads Ockam's shared test vectors from {@code ../shared/vectors/} (system property
 * {@code ockam.vectors.dir}, set by the build). Shared by every module's tests through the
 * protocol test jar.
 */
public final class Vectors {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vectors() {
  }

  /**
   * @return the directory holding the vector files
   */
  public static Path dir() {
    String prop = System.getProperty("ockam.vectors.dir");
    Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared", "vectors");
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("test vectors not found at " + p.toAbsolutePath()
        + " (clone the shared directory beside the repository or set -Dockam.vectors.dir)");
    }
    return p;
  }

  /**
   * @param file a file name such as {@code routes.json}
   * @return the parsed document
   */
  public static JsonNode load(String file) {
    try {
      return MAPPER.readTree(dir().resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param file a file name such as {@code routes.json}
   * @param kind the value of the vectors' {@code kind} field, or {@code null} for all
   * @return the matching entries of the file's {@code vectors} array
   */
  public static List<JsonNode> vectors(String file, String kind) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode v : load(file).get("vectors")) {
      if (kind == null || kind.equals(v.path("kind").asText())) {
        out.add(v);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no vectors of kind " + kind + " in " + file);
    }
    return out;
  }

  /**
   * @param hex lowercase or uppercase hex
   * @return the bytes
   */
  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /**
   * @param node a JSON text node holding hex
   * @return the bytes
   */
  public static byte[] hex(JsonNode node) {
    return hex(node.asText());
  }

  /**
   * @param bytes bytes
   * @return lowercase hex
   */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
