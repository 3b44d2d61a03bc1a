package io.ockamj.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a {@code ockam run} configuration (YAML or JSON) into a tree of maps, lists and scalars,
 * rejecting duplicate keys; {@link RunConfigChecker} checks the tree.
 */
final class RunConfigReader {
  private final String file;
  private final String format;

  RunConfigReader(String file, String format) {
    this.file = file;
    this.format = format;
  }

  Object read(String text, JsonFactory factory) {
    try (JsonParser p = factory.createParser(text)) {
      if (p.nextToken() == null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, file + ": the file is empty; describe the nodes under 'nodes:'"
          + " (see 'ockam run --help')");
      }
      Object root = value(p, "");
      if (p.nextToken() != null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, file + ": " + where(p.currentLocation())
          + "more than one document; keep one document per file");
      }
      return root;
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
      // the YAML parser's message interleaves indented excerpts of the file: keep its own lines
      String reason = String.join("; ", m.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
      throw new ExitCodes.CliException(ExitCodes.USAGE, file + ": " + where(e.getLocation()) + "not valid " + format + ": "
        + (reason.isEmpty() ? m.strip() : reason));
    } catch (IOException e) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String where(JsonLocation l) {
    return l == null || l.getLineNr() < 1 ? "" : "line " + l.getLineNr() + ", column " + l.getColumnNr() + ": ";
  }

  private Object value(JsonParser p, String path) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          if (m.containsKey(key)) {
            throw new ExitCodes.CliException(ExitCodes.USAGE, file + ": " + (path.isEmpty() ? "" : path + ": ")
              + "duplicate key '" + key + "'; give each key once");
          }
          p.nextToken();
          m.put(key, value(p, RunConfig.join(path, key)));
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p, path + "[" + l.size() + "]"));
        }
        return l;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getNumberValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new ExitCodes.CliException(ExitCodes.USAGE, file + ": " + (path.isEmpty() ? "" : path + ": ")
          + "unsupported " + format + " value (" + t + ")");
    }
  }

  /** @return how a value of the tree reads in a message, e.g. {@code a map} or {@code the text 'x'} */
  static String kind(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map) {
      return "a map";
    }
    if (v instanceof List) {
      return "a list";
    }
    if (v instanceof String) {
      return "the text '" + v + "'";
    }
    if (v instanceof Boolean) {
      return "the boolean " + v;
    }
    return "the number " + v;
  }
}
