package io.ockamj.cli;

import io.ockamj.cli.RunConfig.Inlet;
import io.ockamj.cli.RunConfig.NodeReference;
import io.ockamj.cli.RunConfig.NodeSpec;
import io.ockamj.cli.RunConfig.Outlet;
import io.ockamj.cli.RunConfig.Relay;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.relay.RelayService;
import io.ockamj.verticles.transport.tcp.TcpTransport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed {@code ockam run} configuration before anything runs: unknown keys, wrong types,
 * malformed addresses, names and routes, duplicate names and ports, and references to relays and
 * outlets that the file does not describe. Each problem is one line naming the file and the path.
 */
final class RunConfigChecker {

  private static final List<String> ROOT_KEYS = List.of("identities", "nodes", "variables");
  private static final List<String> NODE_KEYS = List.of("tcp-listener-address", "identity", "relays", "tcp-outlets", "tcp-inlets");
  private static final List<String> RELAY_KEYS = List.of("at");
  private static final List<String> RELAY_LIST_KEYS = List.of("name", "at");
  private static final List<String> OUTLET_KEYS = List.of("to");
  private static final List<String> INLET_KEYS = List.of("from", "to", "via", "outlet", "authorized");
  private static final String DEFAULT_INLET_FROM = "127.0.0.1:0";

  private final String file;
  private final Map<String, String> relayNames = new LinkedHashMap<>();
  private final Map<String, Relay> relaysByName = new LinkedHashMap<>();
  private final Map<Integer, String> ports = new LinkedHashMap<>();
  private final List<NodeReference> references = new ArrayList<>();

  RunConfigChecker(String file) {
    this.file = file;
  }

  private ExitCodes.CliException error(String path, String message) {
    return new ExitCodes.CliException(ExitCodes.USAGE, file + ": " + path + ": " + message);
  }

  RunConfig check(Object root) {
    if (!(root instanceof Map)) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, file + ": expected a map with 'nodes:' at the top, found "
        + RunConfigReader.kind(root) + " (see 'ockam run --help')");
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
        throw error(RunConfig.join("nodes", name), "invalid node name; " + problem);
      }
    }
    // first every node's own settings, outlets and relays, then the inlets that refer to them
    Map<String, Map<String, Object>> bodies = new LinkedHashMap<>();
    List<NodeSpec> partial = new ArrayList<>();
    for (Map.Entry<String, Object> e : nodeMap.entrySet()) {
      String path = RunConfig.join("nodes", e.getKey());
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
      String p = RunConfig.join(path, "tcp-listener-address");
      listener = hostPort(body.get("tcp-listener-address"), p, true, "127.0.0.1:4000");
      port(listener, p);
    }
    String identity = body.containsKey("identity") ? identityName(body.get("identity"), RunConfig.join(path, "identity")) : null;
    List<Outlet> outlets = new ArrayList<>();
    if (body.containsKey("tcp-outlets")) {
      String p = RunConfig.join(path, "tcp-outlets");
      Map<String, Object> m = map(body.get("tcp-outlets"), p, "a map from outlet addresses to outlets, e.g. 'tcp-outlets: { db: { to: 127.0.0.1:5432 } }'");
      for (Map.Entry<String, Object> e : m.entrySet()) {
        String op = RunConfig.join(p, e.getKey());
        checkName(e.getKey(), op, "outlet address");
        Map<String, Object> o = map(e.getValue(), op, "a map with 'to: HOST:PORT'");
        keys(o, op, OUTLET_KEYS, "an outlet takes");
        if (!o.containsKey("to")) {
          throw error(RunConfig.join(op, "to"), "missing; name the TCP service the outlet connects to, e.g. 'to: 127.0.0.1:5432'");
        }
        outlets.add(new Outlet(name, e.getKey(), hostPort(o.get("to"), RunConfig.join(op, "to"), false, "127.0.0.1:5432"), op));
      }
    }
    List<Relay> relays = new ArrayList<>();
    if (body.containsKey("relays")) {
      String p = RunConfig.join(path, "relays");
      Object v = body.get("relays");
      if (v instanceof List) {
        List<Object> l = list(v, p, "");
        for (int i = 0; i < l.size(); i++) {
          String rp = p + "[" + i + "]";
          Map<String, Object> r = map(l.get(i), rp, "a map with 'name: NAME' and 'at: RELAY_NODE'");
          keys(r, rp, RELAY_LIST_KEYS, "a relay in a list takes");
          if (!r.containsKey("name")) {
            throw error(RunConfig.join(rp, "name"), "missing; name the relay, e.g. 'name: db'");
          }
          String rn = string(r.get("name"), RunConfig.join(rp, "name"), "a relay name");
          checkName(rn, RunConfig.join(rp, "name"), "relay name");
          relays.add(relay(name, rn, r, rp, nodeMap));
        }
      } else {
        Map<String, Object> m = map(v, p, "a map from relay names to relays, e.g. 'relays: { db: { at: relay } }', or a list");
        for (Map.Entry<String, Object> e : m.entrySet()) {
          String rp = RunConfig.join(p, e.getKey());
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
    String atPath = RunConfig.join(path, "at");
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
    String p = RunConfig.join(path, "tcp-inlets");
    Map<String, Object> m = map(v, p, "a map from inlet names to inlets, e.g. 'tcp-inlets: { db: { from: 127.0.0.1:15432, via: db } }'");
    for (Map.Entry<String, Object> e : m.entrySet()) {
      String ip = RunConfig.join(p, e.getKey());
      checkName(e.getKey(), ip, "inlet name");
      Map<String, Object> in = map(e.getValue(), ip, "a map with 'from: HOST:PORT' and 'via: RELAY' or 'to: ROUTE'");
      keys(in, ip, INLET_KEYS, "an inlet takes");
      String from = DEFAULT_INLET_FROM;
      if (in.containsKey("from")) {
        from = hostPort(in.get("from"), RunConfig.join(ip, "from"), true, "127.0.0.1:15432");
        port(from, RunConfig.join(ip, "from"));
      }
      boolean hasTo = in.containsKey("to");
      boolean hasVia = in.containsKey("via");
      if (hasTo == hasVia) {
        throw error(ip, hasTo ? "give either 'to' (a route to the outlet) or 'via' (a relay in this file), not both"
          : "missing 'via' or 'to'; give 'via: RELAY' (a relay in this file) or 'to: ROUTE' (a route to the outlet)");
      }
      if (hasTo && in.containsKey("outlet")) {
        throw error(RunConfig.join(ip, "outlet"), "goes with 'via' only; with 'to', end the route with /service/OUTLET");
      }
      MultiAddr to;
      String via = null;
      String relayNode = null;
      if (hasTo) {
        to = route(in.get("to"), RunConfig.join(ip, "to"), false, nodeMap);
      } else {
        String vp = RunConfig.join(ip, "via");
        via = string(in.get("via"), vp, "a relay name");
        Relay r = relaysByName.get(via);
        if (r == null) {
          throw error(vp, "there is no relay named '" + via + "' in this file; "
            + (relaysByName.isEmpty() ? "add one under a node's 'relays'" : "use one of " + String.join(", ", relaysByName.keySet()))
            + ", or give the route to the outlet with 'to'");
        }
        String op = RunConfig.join(ip, "outlet");
        String outlet = in.containsKey("outlet") ? string(in.get("outlet"), op, "an outlet address") : e.getKey();
        NodeSpec server = nodes.stream().filter(n -> n.name().equals(r.node())).findFirst().orElseThrow();
        if (server.outlets().stream().noneMatch(o -> o.address().equals(outlet))) {
          throw error(in.containsKey("outlet") ? op : ip, "node '" + r.node() + "', which registers relay '" + via
            + "', has no tcp-outlet '" + outlet + "' in this file; "
            + (server.outlets().isEmpty() ? "add it under " + RunConfig.join(server.path(), "tcp-outlets")
              : "name one of " + String.join(", ", server.outlets().stream().map(Outlet::address).toList()) + " with 'outlet'"));
        }
        to = r.at().concat(MultiAddr.parse("/service/" + RelayService.DEFAULT_PREFIX + via + "/secure/" + SecureChannels.DEFAULT_LISTENER
          + "/service/" + outlet));
        relayNode = r.node();
      }
      List<Identifier> authorized = null;
      if (in.containsKey("authorized")) {
        String ap = RunConfig.join(ip, "authorized");
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
      throw error(path, "expected HOST:PORT, found " + RunConfigReader.kind(v) + "; write it like " + example);
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
        throw error(RunConfig.join(path, k), "unknown key; " + (near == null ? expected : "did you mean '" + near + "'? (" + expected + ")"));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(Object v, String path, String expected) {
    if (!(v instanceof Map)) {
      throw error(path, "expected " + expected + ", found " + RunConfigReader.kind(v));
    }
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object v, String path, String expected) {
    if (!(v instanceof List)) {
      throw error(path, "expected " + expected + ", found " + RunConfigReader.kind(v));
    }
    return (List<Object>) v;
  }

  private String string(Object v, String path, String expected) {
    if (!(v instanceof String) || ((String) v).isBlank()) {
      throw error(path, "expected " + expected + ", found " + (v instanceof String ? "an empty string" : RunConfigReader.kind(v)));
    }
    return ((String) v).trim();
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
