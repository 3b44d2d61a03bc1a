package io.ockamj.verticles.authority;

import io.ockamj.protocol.MultiAddr;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An enrollment ticket (§6.10, Rust's {@code cli_state/enrollments.rs}): a one-time code and what
 * an enrollee needs to reach and trust the project's authority.
 * <p>
 * Two text forms are read, each hex-encoded or not: the legacy JSON
 * {@code {"one_time_code": HEX, "project": ProjectModel}} (what Rust 0.139's {@code project ticket}
 * prints, {@link #encodeLegacy()}), and the comma-separated {@code project_route,project_identifier,
 * project_name,one_time_code,project_change_history,authority_change_history[,authority_route]}
 * ({@link #encodeExported()}). A ticket must name the authority's route explicitly: this
 * implementation never falls back to an Orchestrator host.
 *
 * @param oneTimeCode the code
 * @param projectId the project's id
 * @param projectName the project's name
 * @param projectRoute the project's access route; {@code null} or blank means the authority's route
 * @param projectIdentifier the project's identity identifier, or {@code null}
 * @param projectChangeHistory the project identity's change history (hex), or {@code null}
 * @param authorityChangeHistory the authority identity's change history (hex)
 * @param authorityRoute the authority's route (a multiaddr)
 */
public record EnrollmentTicket(OneTimeCode oneTimeCode, String projectId, String projectName, String projectRoute,
                               String projectIdentifier, String projectChangeHistory, String authorityChangeHistory,
                               String authorityRoute) {

  /** Longest ticket text accepted, in characters. */
  public static final int MAX_LENGTH = 64 * 1024;

  /**
   * @param oneTimeCode the code
   * @param projectId the id
   * @param projectName the name
   * @param projectRoute the access route or {@code null}
   * @param projectIdentifier the project identifier or {@code null}
   * @param projectChangeHistory the project history or {@code null}
   * @param authorityChangeHistory the authority history
   * @param authorityRoute the authority route
   */
  public EnrollmentTicket {
    Objects.requireNonNull(oneTimeCode, "oneTimeCode");
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(projectName, "projectName");
    Objects.requireNonNull(authorityChangeHistory, "authorityChangeHistory");
    Objects.requireNonNull(authorityRoute, "authorityRoute");
    if (projectRoute == null || projectRoute.isBlank()) {
      // a self-hosted authority is the project's access point
      projectRoute = authorityRoute;
    }
  }

  /**
   * Reads a ticket in any of its forms.
   *
   * @param text the ticket
   * @return the ticket
   * @throws io.ockamj.protocol.errors.DecodeException naming what is wrong; in particular when the
   *     ticket has no authority route
   */
  public static EnrollmentTicket parse(String text) {
    if (text == null) {
      throw new io.ockamj.protocol.errors.DecodeException("no enrollment ticket");
    }
    String t = text.strip();
    if (t.length() > MAX_LENGTH) {
      throw new io.ockamj.protocol.errors.DecodeException("an enrollment ticket is at most " + MAX_LENGTH + " characters");
    }
    String plain = t;
    if (t.length() % 2 == 0 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      try {
        plain = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(HexFormat.of().parseHex(t))).toString();
      } catch (CharacterCodingException e) {
        throw new io.ockamj.protocol.errors.DecodeException("the enrollment ticket's hex is not UTF-8 text");
      }
    }
    return plain.startsWith("{") ? fromLegacy(plain) : fromExported(plain);
  }

  private static EnrollmentTicket fromLegacy(String json) {
    JsonObject o;
    try {
      o = new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw new io.ockamj.protocol.errors.DecodeException("the enrollment ticket is not valid JSON: " + e.getMessage());
    }
    try {
      OneTimeCode code = OneTimeCode.parse(o.getString("one_time_code"));
      JsonObject p = o.getJsonObject("project");
      if (p == null) {
        throw new io.ockamj.protocol.errors.DecodeException("no project in legacy ticket");
      }
      String authority = p.getString("authority_identity");
      if (authority == null) {
        throw new io.ockamj.protocol.errors.DecodeException("no authority change history in legacy ticket");
      }
      return checked(code, string(p, "id"), string(p, "name"), p.getString("access_route"), p.getString("identity"),
        p.getString("project_change_history"), authority, p.getString("authority_access_route"));
    } catch (ClassCastException e) {
      throw new io.ockamj.protocol.errors.DecodeException("the enrollment ticket has a field of the wrong type");
    }
  }

  private static String string(JsonObject o, String key) {
    String v = o.getString(key);
    return v == null ? "" : v;
  }

  private static EnrollmentTicket fromExported(String text) {
    String[] v = text.split(",", -1);
    if (v.length < 6) {
      throw new io.ockamj.protocol.errors.DecodeException("Missing fields in enrollment ticket");
    }
    String routeOrId = v[0];
    String projectId = routeOrId;
    String projectRoute = null;
    if (routeOrId.startsWith("/")) {
      MultiAddr route = multiAddr(routeOrId, "project route");
      projectRoute = route.toString();
      // Rust takes the id from a /dnsaddr/<id>.projects... route
      String first = routeOrId.split("/").length > 2 ? routeOrId.split("/")[2] : routeOrId;
      projectId = first.split("\\.")[0];
    }
    return checked(OneTimeCode.parse(v[3]), projectId, v[2], projectRoute, v[1].isEmpty() ? null : v[1], v[4], v[5],
      v.length > 6 ? v[6] : null);
  }

  private static EnrollmentTicket checked(OneTimeCode code, String id, String name, String projectRoute, String projectIdentifier,
                                          String projectHistory, String authorityHistory, String authorityRoute) {
    if (authorityRoute == null || authorityRoute.isBlank()) {
      throw new io.ockamj.protocol.errors.DecodeException("the enrollment ticket names no authority route; this ockam"
        + " does not guess one (it never contacts an Orchestrator host): ask for a ticket of an authority with an explicit route");
    }
    multiAddr(authorityRoute, "authority route");
    hex(authorityHistory, "authority change history");
    if (projectHistory != null && !projectHistory.isEmpty()) {
      hex(projectHistory, "project change history");
    }
    return new EnrollmentTicket(code, id, name, projectRoute, projectIdentifier,
      projectHistory == null || projectHistory.isEmpty() ? null : projectHistory, authorityHistory, authorityRoute);
  }

  private static MultiAddr multiAddr(String s, String what) {
    try {
      return MultiAddr.parse(s);
    } catch (RuntimeException e) {
      throw new io.ockamj.protocol.errors.DecodeException("the enrollment ticket's " + what + " is not a multiaddr: " + e.getMessage());
    }
  }

  private static void hex(String s, String what) {
    if (s.isEmpty() || s.length() % 2 != 0 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new io.ockamj.protocol.errors.DecodeException("the enrollment ticket's " + what + " is not hex");
    }
  }

  /** @return the authority's route as a multiaddr */
  public MultiAddr authorityMultiAddr() {
    return MultiAddr.parse(authorityRoute);
  }

  /** @return the project as Rust's {@code ProjectModel} JSON (what {@code project import} and the project table keep) */
  public JsonObject projectModel() {
    return new JsonObject()
      .put("id", projectId)
      .put("name", projectName)
      .put("space_name", "")
      .put("access_route", projectRoute)
      .put("users", new JsonArray())
      .put("space_id", "")
      .put("identity", projectIdentifier)
      .put("authority_access_route", authorityRoute)
      .put("authority_identity", authorityChangeHistory)
      .put("version", null)
      .put("running", null)
      .put("operation_id", null)
      .put("user_roles", new JsonArray())
      .put("project_change_history", projectChangeHistory);
  }

  /**
   * @param code a one-time code
   * @param project a project as Rust's {@code ProjectModel} JSON
   * @return the ticket for that project
   * @throws io.ockamj.protocol.errors.DecodeException if the project lacks the authority's history or route
   */
  public static EnrollmentTicket of(OneTimeCode code, JsonObject project) {
    return parse(HexFormat.of().formatHex(new JsonObject().put("one_time_code", code.hex()).put("project", project)
      .encode().getBytes(StandardCharsets.UTF_8)));
  }

  /** @return the legacy form Rust 0.139's {@code project ticket} prints: hex of the JSON */
  public String encodeLegacy() {
    JsonObject o = new JsonObject().put("one_time_code", oneTimeCode.hex()).put("project", projectModel());
    return HexFormat.of().formatHex(o.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** @return the comma-separated form, hex-encoded */
  public String encodeExported() {
    String s = String.join(",", projectRoute,
      projectIdentifier == null ? "" : projectIdentifier, projectName, oneTimeCode.hex(),
      projectChangeHistory == null ? authorityChangeHistory : projectChangeHistory, authorityChangeHistory, authorityRoute);
    return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
  }
}
