package io.ockamj.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.MultiAddr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A declarative configuration for {@code ockam run FILE} and {@code ockam node create FILE}: the
 * identities to create, and the nodes to run with their TCP listeners, identities, TCP outlets,
 * relays and TCP inlets. YAML or JSON:
 *
 * <pre>
 * identities: [ops]                                  # created when missing
 * nodes:
 *   relay: { tcp-listener-address: 127.0.0.1:4000 }  # default 127.0.0.1:0
 *   server:
 *     identity: ops                                  # default: the default identity
 *     relays: { db: { at: relay } }                  # or a list: [ { name: db, at: /node/relay } ]
 *     tcp-outlets: { db: { to: 127.0.0.1:5432 } }
 *   client:
 *     tcp-inlets:
 *       db: { from: 127.0.0.1:15432, via: db }       # or to: ROUTE (with optional authorized: [IDENTIFIER])
 * </pre>
 *
 * {@link #load} checks the whole file before anything runs: unknown keys, wrong types, malformed
 * addresses, names and routes, duplicate keys, names and ports, and references to relays and outlets
 * that the file does not describe. Each problem is one line naming the file, the path inside it and
 * what to do, with {@link ExitCodes#USAGE}. References to nodes that the file does not describe
 * ({@code /node/NAME} in routes) are left to {@link RunCommand}, which looks them up in the local state.
 */
final class RunConfig {

  /** The largest file accepted. */
  static final int MAX_BYTES = 1 << 20;

  private static final String DEFAULT_LISTENER = "127.0.0.1:0";

  /** A TCP outlet: portal connections that reach {@code address} on the node are connected to {@code to}. */
  record Outlet(String node, String address, String to, String path) {
  }

  /** A relay {@code name} that {@code node} keeps registered on the relay node at {@code at}. */
  record Relay(String node, String name, MultiAddr at, String path) {
  }

  /**
   * A TCP inlet on {@code node} listening on {@code from} and carrying connections along {@code to}.
   *
   * @param via the relay the route goes through, if the file gave {@code via}, else {@code null}
   * @param relayNode the node that registers that relay (and has the outlet), or {@code null}
   * @param authorized the identities to accept at the far end; {@code null}: the identity of
   *     {@code relayNode}, or any if there is none
   */
  record Inlet(String node, String alias, String from, MultiAddr to, String via, String relayNode, List<Identifier> authorized,
               String path) {
  }

  /**
   * A node.
   *
   * @param tcpListenerAddress the listener the file asks for, or {@code null} (then {@code 127.0.0.1:0})
   * @param identity the identity the file names, or {@code null} (the default identity)
   */
  record NodeSpec(String name, String tcpListenerAddress, String identity, List<Outlet> outlets, List<Relay> relays,
                  List<Inlet> inlets, String path) {

    /** The listener to start a new node with. */
    String listener() {
      return tcpListenerAddress == null ? DEFAULT_LISTENER : tcpListenerAddress;
    }
  }

  /** A {@code /node/NAME} reference to a node that the file does not describe. */
  record NodeReference(String node, String path) {
  }

  private final String file;
  private final List<String> identities;
  private final List<NodeSpec> nodes;
  private final List<NodeReference> references;

  RunConfig(String file, List<String> identities, List<NodeSpec> nodes, List<NodeReference> references) {
    this.file = file;
    this.identities = List.copyOf(identities);
    this.nodes = List.copyOf(nodes);
    this.references = List.copyOf(references);
  }

  /** @return the file, as it was named on the command line */
  String file() {
    return file;
  }

  /** @return the identities to create when missing, in file order */
  List<String> identities() {
    return identities;
  }

  /** @return the nodes, in file order */
  List<NodeSpec> nodes() {
    return nodes;
  }

  /** @return the references to nodes outside the file */
  List<NodeReference> references() {
    return references;
  }

  /**
   * A failure at a place in the file, for messages of the runner too.
   *
   * @param exitCode the exit code
   * @param path where in the file, e.g. {@code nodes.server.tcp-outlets.db.to}
   * @param message what is wrong and what to do
   * @return the error
   */
  ExitCodes.CliException error(int exitCode, String path, String message) {
    return new ExitCodes.CliException(exitCode, file + ": " + path + ": " + message);
  }

  /**
   * Whether a command-line argument names a configuration file rather than a node: it ends with
   * {@code .yaml}, {@code .yml} or {@code .json}.
   *
   * @param argument the argument
   * @return {@code true} for a configuration file
   */
  static boolean looksLikeFile(String argument) {
    String a = argument.toLowerCase(Locale.ROOT);
    return a.endsWith(".yaml") || a.endsWith(".yml") || a.endsWith(".json");
  }

  /**
   * Reads and checks a configuration file: JSON if its name ends with {@code .json}, YAML otherwise.
   *
   * @param file the file, as named on the command line
   * @return the configuration
   * @throws ExitCodes.CliException {@link ExitCodes#USAGE} if the file is missing or wrong
   */
  static RunConfig load(String file) {
    return parse(file, read(file), file.toLowerCase(Locale.ROOT).endsWith(".json"));
  }

  /**
   * Reads a configuration file's text.
   *
   * @param file the file, as named on the command line
   * @return its text
   * @throws ExitCodes.CliException {@link ExitCodes#USAGE} if the file is missing or too large
   */
  static String read(String file) {
    Path p = Path.of(file);
    if (!Files.isRegularFile(p)) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "there is no configuration file '" + file + "'"
        + (Files.exists(p) ? " (it is not a regular file)" : ""));
    }
    byte[] bytes;
    try {
      if (Files.size(p) > MAX_BYTES) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, file + ": larger than " + MAX_BYTES / 1024 + " KiB; is it the right file?");
      }
      bytes = Files.readAllBytes(p);
    } catch (IOException e) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot read " + file + ": " + e.getMessage());
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Parses and checks a configuration.
   *
   * @param file the file's name, for messages
   * @param text its content
   * @param json {@code true} for JSON, {@code false} for YAML
   * @return the configuration
   * @throws ExitCodes.CliException {@link ExitCodes#USAGE} if it is wrong
   */
  static RunConfig parse(String file, String text, boolean json) {
    Object root = new RunConfigReader(file, json ? "JSON" : "YAML").read(text, json ? new JsonFactory() : new YAMLFactory());
    return new RunConfigChecker(file).check(root);
  }

  /**
   * Parses YAML (or JSON) into maps, lists and scalars, rejecting duplicate keys.
   *
   * @param file the source's name, for messages
   * @param text the text
   * @return the tree
   * @throws ExitCodes.CliException {@link ExitCodes#USAGE} if it is not valid YAML
   */
  static Object tree(String file, String text) {
    return new RunConfigReader(file, "YAML").read(text, new YAMLFactory());
  }

  /** @return {@code key} under {@code path}, e.g. {@code nodes.server} */
  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
