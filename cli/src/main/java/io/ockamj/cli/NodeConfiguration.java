package io.ockamj.cli;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rust Ockam's node configuration for {@code node create --configuration YAML} (and a file given as
 * NAME): one node described at the top level ({@code name}, {@code tcp-listener-address},
 * {@code identity}, {@code relays}, {@code tcp-outlets}, {@code tcp-inlets}) with a {@code variables}
 * section, and {@code $VAR} / {@code ${VAR}} substituted before parsing. A variable's value comes from
 * {@code --variable K=V} first, then the environment, then the {@code variables} section. The node
 * is then checked and run as a one-node {@link RunConfig}.
 */
final class NodeConfiguration {

  private static final Pattern REFERENCE = Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)(?::-([^}]*))?}|([A-Za-z0-9_]+))");

  /** The keys of a node configuration that describe the node (the rest of {@link RunConfig}'s node keys). */
  private static final List<String> NODE_KEYS = List.of("tcp-listener-address", "identity", "relays", "tcp-outlets", "tcp-inlets");

  private NodeConfiguration() {
  }

  /**
   * Parses {@code --variable} values as Rust does.
   *
   * @param pairs the {@code K=V} values
   * @return the variables, in order
   * @throws ExitCodes.CliException for a value without '=', a key given twice, an empty value
   */
  static Map<String, String> variables(List<String> pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    if (pairs == null) {
      return out;
    }
    for (String p : pairs) {
      int i = p.indexOf('=');
      if (i < 0) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid value '" + p + "' for '--variable <VARIABLE>': invalid key=value pair: no `=` found in `"
          + p + "`");
      }
      String key = p.substring(0, i);
      if (out.containsKey(key)) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "The variable with key " + key
          + " is duplicated; remove the duplicated variable or provide unique keys for each variable");
      }
      out.put(key, p.substring(i + 1));
    }
    for (Map.Entry<String, String> e : out.entrySet()) {
      if (e.getValue().isEmpty()) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "Empty value for variable '" + e.getKey() + "'");
      }
    }
    return out;
  }

  /**
   * Substitutes the variables of a configuration's text.
   *
   * @param text the configuration
   * @param given {@code --variable} values
   * @param env the environment
   * @return the text with every reference replaced
   * @throws ExitCodes.CliException for a variable without a value, or a wrong {@code variables} section
   */
  static String resolve(String text, Map<String, String> given, Function<String, String> env) {
    Map<String, String> declared = new LinkedHashMap<>();
    Object tree = readTree(text);
    if (tree instanceof Map<?, ?> m && m.get("variables") instanceof Map<?, ?> vars) {
      for (Map.Entry<?, ?> e : vars.entrySet()) {
        String key = String.valueOf(e.getKey());
        Object v = e.getValue();
        if (v instanceof List || v instanceof Map) {
          throw new ExitCodes.CliException(ExitCodes.FAILURE, "List values are not supported for variable '" + key + "'");
        }
        if (given.containsKey(key) || env.apply(key) != null) {
          if (!given.containsKey(key)) {
            System.err.println("Loading variable '" + key + "' from environment");
          }
          continue;
        }
        String s = v == null ? "" : String.valueOf(v);
        if (s.isEmpty()) {
          throw new ExitCodes.CliException(ExitCodes.FAILURE, "Empty value for variable '" + key + "'");
        }
        declared.put(key, s);
      }
    }
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(3);
      String value = given.get(name);
      if (value == null) {
        value = env.apply(name);
      }
      if (value == null) {
        value = declared.get(name);
      }
      if (value == null && m.group(2) != null) {
        value = m.group(2);
      }
      if (value == null) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "Failed to resolve variable '" + name + "': environment variable not found");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Object readTree(String text) {
    try {
      return RunConfig.tree("configuration", text);
    } catch (ExitCodes.CliException e) {
      // RunConfig.parse reports where the text is wrong, naming the source
      return null;
    }
  }

  /**
   * Turns a node configuration into a one-node {@link RunConfig}.
   *
   * @param source where it came from, for messages
   * @param text the configuration, variables substituted
   * @param nameArgument the node name given on the command line, or {@code null}
   * @return the configuration to run
   */
  static RunConfig toRunConfig(String source, String text, String nameArgument) {
    Object tree = readTree(text);
    if (!(tree instanceof Map<?, ?> top)) {
      // let RunConfig say what is wrong with the text
      return RunConfig.parse(source, text, false);
    }
    if (top.containsKey("nodes")) {
      // already the multi-node form of 'ockam run'
      return RunConfig.parse(source, text, false);
    }
    JsonObject node = new JsonObject();
    JsonObject root = new JsonObject();
    for (Map.Entry<?, ?> e : top.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.equals("name") || key.equals("variables")) {
        continue;
      }
      if (key.equals("identities")) {
        root.put(key, e.getValue());
      } else if (NODE_KEYS.contains(key)) {
        node.put(key, e.getValue());
      } else {
        throw new ExitCodes.CliException(ExitCodes.USAGE, source + ": " + key + ": unknown key; a node configuration takes name, variables, "
          + String.join(", ", NODE_KEYS));
      }
    }
    String name = nameArgument != null ? nameArgument : top.get("name") != null ? String.valueOf(top.get("name")) : RandomNames.next();
    root.put("nodes", new JsonObject().put(name, node));
    return RunConfig.parse(source, root.encode(), true);
  }
}
