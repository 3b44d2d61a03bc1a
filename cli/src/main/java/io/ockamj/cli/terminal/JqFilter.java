package io.ockamj.cli.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

import java.util.ArrayList;
import java.util.List;

/**
 * The global option {@code --jq FILTER}: a jq program run on a command's JSON output (jackson-jq,
 * jq 1.6 built-ins). Each value the filter yields is printed as JSON, one after the other, as Rust's
 * {@code ockam} does.
 */
public final class JqFilter {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String source;
  private final JsonQuery query;

  private JqFilter(String source, JsonQuery query) {
    this.source = source;
    this.query = query;
  }

  /**
   * Compiles a filter.
   *
   * @param source the jq program
   * @return the filter
   * @throws OutputException if it does not compile
   */
  public static JqFilter compile(String source) {
    try {
      return new JqFilter(source, JsonQuery.compile(source, Versions.JQ_1_6));
    } catch (JsonQueryException e) {
      throw new OutputException("invalid --jq filter '" + source + "': " + firstLine(e.getMessage()));
    }
  }

  /**
   * Runs the filter on a value.
   *
   * @param value the command's JSON value (see {@link JsonText} for the types)
   * @return the values it yields, as plain Java values (maps, lists, strings, numbers, booleans, nulls)
   * @throws OutputException if the filter fails on this value
   */
  public List<Object> apply(Object value) {
    try {
      JsonNode in = MAPPER.readTree(JsonText.compact(value));
      Scope root = Scope.newEmptyScope();
      BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, root);
      List<Object> out = new ArrayList<>();
      query.apply(Scope.newChildScope(root), in, n -> out.add(MAPPER.convertValue(n, Object.class)));
      return out;
    } catch (JsonQueryException e) {
      throw new OutputException("--jq filter '" + source + "' failed: " + firstLine(e.getMessage()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the command's own JSON does not parse", e);
    }
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "no detail";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
