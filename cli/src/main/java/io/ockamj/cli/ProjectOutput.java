package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.ProjectRecord;
import io.ockamj.verticles.identity.NamedIdentity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a project and an enrollment print, as Rust's {@code ockam} prints them (ockam_api's
 * {@code Project} output and ockam_command's {@code ProjectEnrollOutput}): the project's JSON is its
 * model with {@code access_address}, {@code authority_access_address} and {@code egress_allow_list}
 * (and our {@code is_default}); its text lists the same fields, "N/A" where unknown.
 */
final class ProjectOutput {

  private static final String NA = "N/A";

  private ProjectOutput() {
  }

  /**
   * @param route a multiaddr's text, or {@code null}
   * @return its host and port as {@code host:port} (Rust's {@code to_socket_addr}), or {@code null} when it names none
   */
  static String socketAddress(String route) {
    if (route == null || route.isBlank()) {
      return null;
    }
    try {
      MultiAddr m = MultiAddr.parse(route);
      if (m.size() < 2 || !m.get(0).protocol().isHost() || !"tcp".equals(m.get(1).protocol().prefix())) {
        return null;
      }
      String host = m.get(0).value();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + m.get(1).port();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * @param r a stored project
   * @return Rust's {@code Project} JSON, with our {@code is_default}
   */
  static JsonObject json(ProjectRecord r) {
    JsonObject o = r.model().copy().put("name", r.name()).put("id", r.projectId());
    String access = socketAddress(o.getString("access_route"));
    String authority = socketAddress(o.getString("authority_access_route"));
    o.put("access_address", access).put("authority_access_address", authority);
    o.put("egress_allow_list", new JsonArray(egress(access, authority)));
    return o.put("is_default", r.isDefault());
  }

  /**
   * @param r a stored project
   * @return Rust's {@code Project::item}: the name, then one padded line per field
   */
  static String item(ProjectRecord r) {
    StringBuilder b = new StringBuilder(Fmt.PADDING).append(r.name()).append(":\n");
    for (String[] field : fields(r, true)) {
      b.append(Fmt.PADDING).append(Fmt.INDENTATION).append(field[0]).append(": ").append(field[1]).append('\n');
    }
    return b.toString().stripTrailing();
  }

  /**
   * @param r a stored project
   * @return Rust's {@code Project::as_list_item}: id, name, space and route
   */
  static String listItem(ProjectRecord r) {
    StringBuilder b = new StringBuilder();
    for (String[] field : fields(r, false)) {
      b.append(field[0]).append(": ").append(field[1]).append('\n');
    }
    return b.toString().stripTrailing();
  }

  private static List<String[]> fields(ProjectRecord r, boolean all) {
    JsonObject m = r.model();
    String route = blankToNull(m.getString("access_route"));
    List<String[]> f = new ArrayList<>();
    f.add(new String[] {"Id", r.projectId()});
    f.add(new String[] {"Name", r.name()});
    f.add(new String[] {"Space", orNa(m.getString("space_name"))});
    f.add(new String[] {"Route", orNa(route)});
    if (!all) {
      return f;
    }
    String authorityRoute = blankToNull(m.getString("authority_access_route"));
    String access = socketAddress(route);
    f.add(new String[] {"Address", orNa(access)});
    // as Rust: the identifier of the project's change history, else the identifier the model names
    String projectId = identifierOf(m.getString("project_change_history"));
    f.add(new String[] {"Identifier", orNa(projectId != null ? projectId : m.getString("identity"))});
    f.add(new String[] {"Version", orNa(m.getString("version"))});
    f.add(new String[] {"Is running", String.valueOf(Boolean.TRUE.equals(m.getValue("running")))});
    f.add(new String[] {"Authority route", orNa(authorityRoute)});
    f.add(new String[] {"Authority address", orNa(socketAddress(authorityRoute))});
    f.add(new String[] {"Authority identifier", orNa(identifierOf(m.getString("authority_identity")))});
    f.add(new String[] {"Egress allow list", String.join(", ", egress(access, socketAddress(authorityRoute)))});
    return f;
  }

  /** Rust's egress allow list: the project's and the authority's addresses, once each. */
  private static List<String> egress(String access, String authority) {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    if (access != null) {
      all.add(access);
    }
    if (authority != null) {
      all.add(authority);
    }
    return new ArrayList<>(all);
  }

  private static String identifierOf(String history) {
    if (history == null || history.isBlank()) {
      return null;
    }
    try {
      return Identity.importHex(history.trim()).identifier().toString();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String orNa(String s) {
    return s == null ? NA : s;
  }

  /**
   * Rust's {@code ProjectEnrollOutput} JSON: the identity, the project's name and the credential.
   *
   * @param who the enrolled identity
   * @param project the project's name
   * @param credential the member credential
   * @return the JSON
   */
  static JsonObject enrollJson(NamedIdentity who, String project, CredentialOutput credential) {
    JsonObject identity = new JsonObject().put("identifier", who.identifier().toString()).put("name", who.name())
      .put("vault_name", who.vaultName()).put("is_default", who.isDefault());
    return new JsonObject().put("identity", identity).put("project_name", project).put("credential", credential.json());
  }

  /**
   * Rust's {@code ProjectEnrollOutput} text.
   *
   * @param who the enrolled identity
   * @param project the project's name
   * @param credential the member credential
   * @return the text
   */
  static String enrollText(NamedIdentity who, String project, CredentialOutput credential) {
    StringBuilder b = new StringBuilder();
    b.append(Fmt.ok("Successfully enrolled identity " + who.name() + " to the " + project + " project.")).append("\n\n");
    b.append(Fmt.log("The identity has a credential in this project")).append('\n');
    b.append(Fmt.log("created at " + CredentialOutput.time(credential.createdAt()) + " that expires at "
      + CredentialOutput.time(credential.expiresAt()))).append("\n\n");
    Map<String, String> attributes = credential.attributes();
    if (!attributes.isEmpty()) {
      b.append(Fmt.log("The following attributes are attested by the project's membership authority:")).append('\n');
      attributes.forEach((k, v) -> b.append(Fmt.log(Fmt.INDENTATION + "\"" + k + "=" + v + "\"")).append('\n'));
    }
    return b.toString().stripTrailing();
  }
}
