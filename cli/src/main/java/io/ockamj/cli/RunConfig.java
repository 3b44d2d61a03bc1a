package io.ockamj.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.relay.RelayService;
import io.ockamj.verticles.transport.tcp.TcpTransport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  private static final List<String> ROOT_KEYS = List.of("identities", "nodes", "variables");
  private static final List<String> NODE_KEYS = List.of("tcp-listener-address", "identity", "relays", "tcp-outlets", "tcp-inlets");
  private static final List<String> RELAY_KEYS = List.of("at");
  private static final List<String> RELAY_LIST_KEYS = List.of("name", "at");
  private static final List<String> OUTLET_KEYS = List.of("to");
  private static final List<String> INLET_KEYS = List.of("from", "to", "via", "outlet", "authorized");
  private static final String DEFAULT_LISTENER = "127.0.0.1:0";
  private static final String DEFAULT_INLET_FROM = "127.0.0.1:0";

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

  private RunConfig(String file, List<String> identities, List<NodeSpec> nodes, List<NodeReference> references) {
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
    Object root = new Reader(file, json ? "JSON" : "YAML").read(text, json ? new JsonFactory() : new YAMLFactory());
    return new Checker(file).check(root);
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
    return new Reader(file, "YAML").read(text, new YAMLFactory());
  }

  // ---- parsing: a tree of maps, lists and scalars, with duplicate keys rejected

  private static final class Reader {
    private final String file;
    private final String format;

    Reader(String file, String format) {
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
            m.put(key, value(p, join(path, key)));
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
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  // ---- checking

  private static final class Checker {
    private final String file;
    private final Map<String, String> relayNames = new LinkedHashMap<>();
    private final Map<String, Relay> relaysByName = new LinkedHashMap<>();
    private final Map<Integer, String> ports = new LinkedHashMap<>();
    private final List<NodeReference> references = new ArrayList<>();

    Checker(String file) {
      this.file = file;
    }

    private ExitCodes.CliException error(String path, String message) {
      return new ExitCodes.CliException(ExitCodes.USAGE, file + ": " + path + ": " + message);
    }

    RunConfig check(Object root) {
      if (!(root instanceof Map)) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, file + ": expected a map with 'nodes:' at the top, found "
          + kind(root) + " (see 'ockam run --help')");
      }
      Map<String, Object> top = map(root, "", "");
      keys(top, "", ROOT_KEYS, "the top level takes");
      List<String> identities = identities(top.get("identities"), top.containsKey("identities"));
      if (!top.containsKey("nodes")) {
        throw error("nodes", "missing; describe at least one node, e.g. 'nodes: { n1: {} }'");
      }
      Map<String, Object> nodeMap = map(top.get("nodes"), "nodes", "a map from node names to nodes, e.g. 'nodes: { n1: {} }'");
      if (nodeMap.isEmpty()) {
        throw error("nodes", "empty; describe at least one node, e.g. 'nodes: { n1: {} }'");
      }
      for (String name : nodeMap.keySet()) {
        String problem = NodeClient.nodeNameProblem(name);
        if (problem != null) {
          throw error(join("nodes", name), "invalid node name; " + problem);
        }
      }
      // first every node's own settings, outlets and relays, then the inlets that refer to them
      Map<String, Map<String, Object>> bodies = new LinkedHashMap<>();
      List<NodeSpec> partial = new ArrayList<>();
      for (Map.Entry<String, Object> e : nodeMap.entrySet()) {
        String path = join("nodes", e.getKey());
        Map<String, Object> body = e.getValue() == null ? Map.of() : map(e.getValue(), path, "a map of the node's settings (or nothing)");
        keys(body, path, NODE_KEYS, "a node takes");
        bodies.put(e.getKey(), body);
        partial.add(node(e.getKey(), path, body, nodeMap));
      }
      List<NodeSpec> nodes = new ArrayList<>();
      for (NodeSpec n : partial) {
        List<Inlet> inlets = inlets(n.name(), n.path(), bodies.get(n.name()).get("tcp-inlets"), bodies.get(n.name()).containsKey("tcp-inlets"),
          nodeMap, partial);
        nodes.add(new NodeSpec(n.name(), n.tcpListenerAddress(), n.identity(), n.outlets(), n.relays(), inlets, n.path()));
      }
      return new RunConfig(file, identities, nodes, references);
    }

    private List<String> identities(Object v, boolean present) {
      List<String> out = new ArrayList<>();
      if (!present) {
        return out;
      }
      List<Object> l = list(v, "identities", "a list of identity names, e.g. 'identities: [alice]'");
      for (int i = 0; i < l.size(); i++) {
        String path = "identities[" + i + "]";
        String name = identityName(l.get(i), path);
        if (out.contains(name)) {
          throw error(path, "identity '" + name + "' is listed twice; list it once");
        }
        out.add(name);
      }
      return out;
    }

    private String identityName(Object v, String path) {
      String name = string(v, path, "an identity name");
      if (name.isBlank() || name.length() > IdentityManager.MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
        throw error(path, "invalid identity name '" + name + "'; use 1 to " + IdentityManager.MAX_NAME_LENGTH
          + " characters without control characters");
      }
      return name;
    }

    private NodeSpec node(String name, String path, Map<String, Object> body, Map<String, Object> nodeMap) {
      String listener = null;
      if (body.containsKey("tcp-listener-address")) {
        String p = join(path, "tcp-listener-address");
        listener = hostPort(body.get("tcp-listener-address"), p, true, "127.0.0.1:4000");
        port(listener, p);
      }
      String identity = body.containsKey("identity") ? identityName(body.get("identity"), join(path, "identity")) : null;
      List<Outlet> outlets = new ArrayList<>();
      if (body.containsKey("tcp-outlets")) {
        String p = join(path, "tcp-outlets");
        Map<String, Object> m = map(body.get("tcp-outlets"), p, "a map from outlet addresses to outlets, e.g. 'tcp-outlets: { db: { to: 127.0.0.1:5432 } }'");
        for (Map.Entry<String, Object> e : m.entrySet()) {
          String op = join(p, e.getKey());
          checkName(e.getKey(), op, "outlet address");
          Map<String, Object> o = map(e.getValue(), op, "a map with 'to: HOST:PORT'");
          keys(o, op, OUTLET_KEYS, "an outlet takes");
          if (!o.containsKey("to")) {
            throw error(join(op, "to"), "missing; name the TCP service the outlet connects to, e.g. 'to: 127.0.0.1:5432'");
          }
          outlets.add(new Outlet(name, e.getKey(), hostPort(o.get("to"), join(op, "to"), false, "127.0.0.1:5432"), op));
        }
      }
      List<Relay> relays = new ArrayList<>();
      if (body.containsKey("relays")) {
        String p = join(path, "relays");
        Object v = body.get("relays");
        if (v instanceof List) {
          List<Object> l = list(v, p, "");
          for (int i = 0; i < l.size(); i++) {
            String rp = p + "[" + i + "]";
            Map<String, Object> r = map(l.get(i), rp, "a map with 'name: NAME' and 'at: RELAY_NODE'");
            keys(r, rp, RELAY_LIST_KEYS, "a relay in a list takes");
            if (!r.containsKey("name")) {
              throw error(join(rp, "name"), "missing; name the relay, e.g. 'name: db'");
            }
            String rn = string(r.get("name"), join(rp, "name"), "a relay name");
            checkName(rn, join(rp, "name"), "relay name");
            relays.add(relay(name, rn, r, rp, nodeMap));
          }
        } else {
          Map<String, Object> m = map(v, p, "a map from relay names to relays, e.g. 'relays: { db: { at: relay } }', or a list");
          for (Map.Entry<String, Object> e : m.entrySet()) {
            String rp = join(p, e.getKey());
            checkName(e.getKey(), rp, "relay name");
            Map<String, Object> r = map(e.getValue(), rp, "a map with 'at: RELAY_NODE'");
            keys(r, rp, RELAY_KEYS, "a relay takes");
            relays.add(relay(name, e.getKey(), r, rp, nodeMap));
          }
        }
      }
      return new NodeSpec(name, listener, identity, outlets, relays, List.of(), path);
    }

    private Relay relay(String node, String name, Map<String, Object> body, String path, Map<String, Object> nodeMap) {
      String earlier = relayNames.get(name);
      if (earlier != null) {
        throw error(path, "relay name '" + name + "' is already used at " + earlier + "; give each relay its own name");
      }
      String atPath = join(path, "at");
      if (!body.containsKey("at")) {
        throw error(atPath, "missing; name the relay node, e.g. 'at: relay' or 'at: /node/relay'");
      }
      MultiAddr at = route(body.get("at"), atPath, true, nodeMap);
      if (at.size() == 1 && at.get(0).protocol() == MultiAddr.Protocol.NODE && at.get(0).value().equals(node)) {
        throw error(atPath, "node '" + node + "' cannot register a relay at itself; name the relay node");
      }
      Relay r = new Relay(node, name, at, path);
      relayNames.put(name, path);
      relaysByName.put(name, r);
      return r;
    }

    private List<Inlet> inlets(String node, String path, Object v, boolean present, Map<String, Object> nodeMap, List<NodeSpec> nodes) {
      List<Inlet> out = new ArrayList<>();
      if (!present) {
        return out;
      }
      String p = join(path, "tcp-inlets");
      Map<String, Object> m = map(v, p, "a map from inlet names to inlets, e.g. 'tcp-inlets: { db: { from: 127.0.0.1:15432, via: db } }'");
      for (Map.Entry<String, Object> e : m.entrySet()) {
        String ip = join(p, e.getKey());
        checkName(e.getKey(), ip, "inlet name");
        Map<String, Object> in = map(e.getValue(), ip, "a map with 'from: HOST:PORT' and 'via: RELAY' or 'to: ROUTE'");
        keys(in, ip, INLET_KEYS, "an inlet takes");
        String from = DEFAULT_INLET_FROM;
        if (in.containsKey("from")) {
          from = hostPort(in.get("from"), join(ip, "from"), true, "127.0.0.1:15432");
          port(from, join(ip, "from"));
        }
        boolean hasTo = in.containsKey("to");
        boolean hasVia = in.containsKey("via");
        if (hasTo == hasVia) {
          throw error(ip, hasTo ? "give either 'to' (a route to the outlet) or 'via' (a relay in this file), not both"
            : "missing 'via' or 'to'; give 'via: RELAY' (a relay in this file) or 'to: ROUTE' (a route to the outlet)");
        }
        if (hasTo && in.containsKey("outlet")) {
          throw error(join(ip, "outlet"), "goes with 'via' only; with 'to', end the route with /service/OUTLET");
        }
        MultiAddr to;
        String via = null;
        String relayNode = null;
        if (hasTo) {
          to = route(in.get("to"), join(ip, "to"), false, nodeMap);
        } else {
          String vp = join(ip, "via");
          via = string(in.get("via"), vp, "a relay name");
          Relay r = relaysByName.get(via);
          if (r == null) {
            throw error(vp, "there is no relay named '" + via + "' in this file; "
              + (relaysByName.isEmpty() ? "add one under a node's 'relays'" : "use one of " + String.join(", ", relaysByName.keySet()))
              + ", or give the route to the outlet with 'to'");
          }
          String op = join(ip, "outlet");
          String outlet = in.containsKey("outlet") ? string(in.get("outlet"), op, "an outlet address") : e.getKey();
          NodeSpec server = nodes.stream().filter(n -> n.name().equals(r.node())).findFirst().orElseThrow();
          if (server.outlets().stream().noneMatch(o -> o.address().equals(outlet))) {
            throw error(in.containsKey("outlet") ? op : ip, "node '" + r.node() + "', which registers relay '" + via
              + "', has no tcp-outlet '" + outlet + "' in this file; "
              + (server.outlets().isEmpty() ? "add it under " + join(server.path(), "tcp-outlets")
                : "name one of " + String.join(", ", server.outlets().stream().map(Outlet::address).toList()) + " with 'outlet'"));
          }
          to = r.at().concat(MultiAddr.parse("/service/" + RelayService.DEFAULT_PREFIX + via + "/secure/" + SecureChannels.DEFAULT_LISTENER
            + "/service/" + outlet));
          relayNode = r.node();
        }
        List<Identifier> authorized = null;
        if (in.containsKey("authorized")) {
          String ap = join(ip, "authorized");
          List<Object> l = list(in.get("authorized"), ap, "a list of identifiers, e.g. 'authorized: [I1234…]'");
          authorized = new ArrayList<>();
          for (int i = 0; i < l.size(); i++) {
            String s = string(l.get(i), ap + "[" + i + "]", "an identifier");
            try {
              authorized.add(Identifier.parse(s));
            } catch (RuntimeException ex) {
              throw error(ap + "[" + i + "]", "invalid identifier '" + s + "'; write it as 'I' followed by 64 hex characters,"
                + " as 'ockam identity show' prints it");
            }
          }
        }
        out.add(new Inlet(node, e.getKey(), from, to, via, relayNode, authorized, ip));
      }
      return out;
    }

    /** A route ({@code /...}); with {@code bareNode}, a plain {@code NAME} means {@code /node/NAME}. */
    private MultiAddr route(Object v, String path, boolean bareNode, Map<String, Object> nodeMap) {
      String s = string(v, path, bareNode ? "a node name or a route" : "a route");
      MultiAddr addr;
      if (bareNode && !s.startsWith("/")) {
        if (!NodeClient.isNodeReference(s)) {
          throw error(path, "invalid node name '" + s + "'; name a node as NAME or /node/NAME, or give a route such as /ip4/127.0.0.1/tcp/4000");
        }
        addr = MultiAddr.of(MultiAddr.Component.of(MultiAddr.Protocol.NODE, s));
      } else {
        try {
          addr = MultiAddr.parse(s);
        } catch (RuntimeException e) {
          throw error(path, "invalid route '" + s + "': " + e.getMessage() + "; write it as a multiaddr such as "
            + (bareNode ? "/node/relay" : "/node/relay/service/forward_to_db/secure/api/service/db"));
        }
        if (addr.isEmpty()) {
          throw error(path, "empty route; write it as a multiaddr such as /node/relay");
        }
      }
      for (MultiAddr.Component c : addr) {
        if (c.protocol() == MultiAddr.Protocol.NODE && !nodeMap.containsKey(c.value())) {
          references.add(new NodeReference(c.value(), path));
        }
      }
      return addr;
    }

    /** {@code HOST:PORT}, or a bare port number meaning {@code 127.0.0.1:PORT}. */
    private String hostPort(Object v, String path, boolean anyPort, String example) {
      String s;
      if (v instanceof Integer || v instanceof Long) {
        s = "127.0.0.1:" + v;
      } else if (v instanceof String) {
        s = ((String) v).trim();
      } else {
        throw error(path, "expected HOST:PORT, found " + kind(v) + "; write it like " + example);
      }
      String[] hp;
      try {
        hp = TcpTransport.splitHostPort(s);
      } catch (RuntimeException e) {
        hp = null;
      }
      int lowest = anyPort ? 0 : 1;
      if (hp == null || !s.contains(":") || hp[0].isBlank() || hp[0].chars().anyMatch(ch -> Character.isWhitespace(ch) || ch == '/')
        || Integer.parseInt(hp[1]) < lowest) {
        throw error(path, "invalid address '" + s + "'; use HOST:PORT with a port " + lowest + "..65535, e.g. " + example
          + (anyPort ? " (port 0 picks a free port)" : ""));
      }
      return s;
    }

    /** Records a fixed port; the same port twice in one file cannot work. */
    private void port(String hostPort, String path) {
      int port = Integer.parseInt(TcpTransport.splitHostPort(hostPort)[1]);
      if (port == 0) {
        return;
      }
      String earlier = ports.putIfAbsent(port, path);
      if (earlier != null) {
        throw error(path, "port " + port + " is already used at " + earlier + "; give each a different port, or 0 for any free port");
      }
    }

    private void checkName(String name, String path, String what) {
      if (!NodeClient.NAME.matcher(name).matches()) {
        throw error(path, "invalid " + what + " '" + name + "'; use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
      }
    }

    private void keys(Map<String, Object> m, String path, List<String> allowed, String takes) {
      for (String k : m.keySet()) {
        if (!allowed.contains(k)) {
          String expected = takes + " " + String.join(", ", allowed);
          String near = allowed.stream().filter(a -> distance(a, k) <= 2).findFirst().orElse(null);
          throw error(join(path, k), "unknown key; " + (near == null ? expected : "did you mean '" + near + "'? (" + expected + ")"));
        }
      }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object v, String path, String expected) {
      if (!(v instanceof Map)) {
        throw error(path, "expected " + expected + ", found " + kind(v));
      }
      return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object v, String path, String expected) {
      if (!(v instanceof List)) {
        throw error(path, "expected " + expected + ", found " + kind(v));
      }
      return (List<Object>) v;
    }

    private String string(Object v, String path, String expected) {
      if (!(v instanceof String) || ((String) v).isBlank()) {
        throw error(path, "expected " + expected + ", found " + (v instanceof String ? "an empty string" : kind(v)));
      }
      return ((String) v).trim();
    }
  }

  private static String kind(Object v) {
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

  /** Edit distance, for "did you mean" on unknown keys. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(subst, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
