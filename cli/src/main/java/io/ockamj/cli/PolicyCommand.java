package io.ockamj.cli;

import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Fmt;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.policy.PolicyExpression;
import io.ockamj.policy.PolicyParseException;
import io.ockamj.store.PolicyRecord;
import io.ockamj.verticles.nodemanager.PolicyClient;
import io.ockamj.verticles.nodemanager.PolicyCodec;
import io.ockamj.verticles.policy.ResourceType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ockam policy ...}: the ABAC policies of a running node (Rust's {@code policy create|show|list|delete}
 * with its flags and JSON, and our {@code policy explain}).
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
  description = "Create, show, list and delete the policies (ABAC) that decide who may use a node's resources.",
  subcommands = {PolicyCommand.Create.class, PolicyCommand.Show.class, PolicyCommand.ListPolicies.class,
    PolicyCommand.Delete.class, PolicyCommand.Explain.class})
final class PolicyCommand {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private PolicyCommand() {
  }

  /** Rust's ResourceTypeOrName::from_str: a resource type if the text names one, else a resource name. */
  static PolicyCodec.Resource resource(String text) {
    try {
      return new PolicyCodec.Resource(PolicyRecord.Target.RESOURCE_TYPE, ResourceType.parse(text).text());
    } catch (IllegalArgumentException e) {
      return new PolicyCodec.Resource(PolicyRecord.Target.RESOURCE, text);
    }
  }

  /**
   * Parses a policy as Rust does, failing with its message (exit code USAGE).
   *
   * @param option the option, for the message
   * @param text the policy
   * @return the policy
   */
  static PolicyExpression expression(String option, String text) {
    try {
      return PolicyExpression.parse(text);
    } catch (PolicyParseException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid value '" + text + "' for '" + option + "': " + e.getMessage());
    }
  }

  static JsonObject toJson(PolicyCodec.Policy p) {
    return new JsonObject().put("resource", p.resource().value()).put("action", PolicyRecord.HANDLE_MESSAGE)
      .put("expression", p.expression().toString());
  }

  private static String kind(PolicyCodec.Resource r) {
    return r.target() == PolicyRecord.Target.RESOURCE_TYPE ? "resource type" : "resource";
  }

  /** {@code ockam policy create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create (or replace) the policy of a resource, or of every resource of a type, on a node.")
  static final class Create implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE_NAME", description = "The node (default: the default node).")
    String at;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
      @Option(names = "--resource-type", paramLabel = "RESOURCE_TYPE",
        description = "A resource type: tcp-inlet, tcp-outlet, echoer, kafka-consumer, kafka-producer, relay, lessor,"
          + " or secure-channel-listener (ours).")
      String type;

      @Option(names = "--resource", paramLabel = "RESOURCE", description = "A resource name, e.g. an outlet address or inlet alias.")
      String name;
    }

    @Option(names = {"--allow", "--expression"}, required = true, paramLabel = "POLICY_EXPRESSION",
      description = "The policy: a boolean expression such as 'web and prod', or a full expression such as"
        + " '(= subject.role \"db-client\")'; 'role = \"web\" and env = \"prod\"' is accepted too (ours).")
    String allow;

    @Override
    public Integer call() throws Exception {
      PolicyExpression e = expression("--allow", allow);
      PolicyCodec.Resource r;
      if (target.type != null) {
        try {
          r = new PolicyCodec.Resource(PolicyRecord.Target.RESOURCE_TYPE, ResourceType.parse(target.type).text());
        } catch (IllegalArgumentException x) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid value '" + target.type + "' for '--resource-type': "
            + "Valid values are: tcp-inlet, tcp-outlet, echoer, kafka-consumer, kafka-producer, relay, lessor, secure-channel-listener");
        }
      } else {
        r = resource(target.name);
        if (r.target() == PolicyRecord.Target.RESOURCE_TYPE) {
          System.err.println("--resource " + r.value() + " is deprecated. Please use --resource-type " + r.value() + " instead");
        }
      }
      NodeApi.Answer<Void> a = NodeApi.call(at, TIMEOUT, api -> PolicyClient.of(api).setPolicy(r, e));
      Terminal.write(Output.of().plain(Fmt.ok("Policy created at node " + a.node())));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam policy show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the policy of a resource or resource type.")
  static final class Show implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RESOURCE", defaultValue = "tcp-outlet",
      description = "A resource name or type (default: ${DEFAULT-VALUE}).")
    String resource;

    @Option(names = "--at", paramLabel = "NODE_NAME", description = "The node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      PolicyCodec.Resource r = resource(resource);
      NodeApi.Answer<PolicyCodec.Policy> a;
      try {
        a = NodeApi.call(at, TIMEOUT, api -> PolicyClient.of(api).policy(r));
      } catch (ExitCodes.CliException e) {
        // as Rust: no policy for that resource (or type) is a success that says so
        if (ShowFlow.nothingToShow(e, "policies", null, () -> NodeApi.call(at, TIMEOUT, api -> PolicyClient.of(api).policies(r)).value())) {
          return ExitCodes.OK;
        }
        throw e;
      }
      // as Rust: text and JSON (a pipe gets the JSON)
      Terminal.write(Output.of().plain(Fmt.ok("Policy for " + kind(r) + " " + r.value() + " is " + a.value().expression()))
        .json(toJson(a.value())));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam policy list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the policies of a node.")
  static final class ListPolicies implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RESOURCE", description = "Only the policies of this resource name or type.")
    String resource;

    @Option(names = "--at", paramLabel = "NODE_NAME", description = "The node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      PolicyCodec.Resource r = resource == null ? null : resource(resource);
      NodeApi.Answer<List<PolicyCodec.Policy>> a = NodeApi.call(at, TIMEOUT, api -> PolicyClient.of(api).policies(r));
      JsonArray out = new JsonArray();
      a.value().forEach(p -> out.add(toJson(p)));
      String plain;
      if (a.value().isEmpty()) {
        plain = Fmt.info("No policies on Node " + a.node());
      } else {
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {"RESOURCE", "KIND", "ACTION", "EXPRESSION"});
        for (PolicyCodec.Policy p : a.value()) {
          rows.add(new String[] {p.resource().value(), kind(p.resource()), PolicyRecord.HANDLE_MESSAGE, p.expression().toString()});
        }
        plain = Table.format(rows);
      }
      // as Rust: text and JSON (a pipe gets the JSON); our text is a table
      Terminal.write(Output.of().plain(plain).json(out));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam policy delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete the policy of a resource or resource type.")
  static final class Delete implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RESOURCE", description = "A resource name or type.")
    String resource;

    @Option(names = "--at", paramLabel = "NODE_NAME", description = "The node (default: the default node).")
    String at;

    @Option(names = {"-y", "--yes"}, description = "Confirm the deletion without prompting.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
      PolicyCodec.Resource r = resource == null ? null : resource(resource);
      try (NodeClient c = NodeClient.open()) {
        return NodeApi.named(c, at, TIMEOUT, (api, node) -> {
          // as Rust: the policies of RESOURCE (all without it); none is a success that says so, JSON []
          List<String> names = c.await(PolicyClient.of(api).policies(r)).stream().map(p -> p.resource().value()).distinct().toList();
          return Confirmation.delete("policy", "policies", resource == null ? null : r.value(), false, yes, names,
            Terminal.json(), n -> {
              PolicyCodec.Resource one = resource(n);
              c.await(PolicyClient.of(api).deletePolicy(one));
              // Rust prints only the text (also through a pipe)
              Terminal.write(Output.of().plain(Fmt.ok("Policy for " + kind(one) + " " + one.value() + " has been deleted")));
            });
        });
      }
    }
  }

  /** {@code ockam policy explain} (ours). */
  @Command(name = "explain", mixinStandardHelpOptions = true,
    description = "(ours) Explain the decision of a resource's policy for an identity: the verdict, the attributes the"
      + " node knows for it, and the sub-expression that decided.")
  static final class Explain implements Callable<Integer> {

    @Option(names = "--resource", required = true, paramLabel = "RESOURCE", description = "The resource name.")
    String resource;

    @Option(names = "--subject", required = true, paramLabel = "IDENTIFIER", description = "The identifier of the subject.")
    String subject;

    @Option(names = "--at", paramLabel = "NODE_NAME", description = "The node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      NodeApi.Answer<Map<String, Object>> a = NodeApi.call(at, TIMEOUT, api -> PolicyClient.of(api).explainPolicy(resource, subject));
      JsonObject o = new JsonObject(a.value());
      // ours: the text on a terminal, the JSON through a pipe and with --output json
      Terminal.write(Output.of().plain(explainText(o)).json(o));
      return ExitCodes.OK;
    }

    private String explainText(JsonObject o) {
      boolean allowed = o.getBoolean("allowed", false);
      String verdict = (allowed ? "ALLOWED: " : "DENIED: ") + subject + " on " + o.getString("resource_type") + " '" + resource + "'";
      StringBuilder b = new StringBuilder(allowed ? Fmt.ok(verdict) : Fmt.warn(verdict)).append('\n');
      b.append(Fmt.log("Policy (" + o.getString("source") + "): " + NodeApi.orDash(o.getValue("expression")))).append('\n');
      if (o.getValue("decided_by") != null) {
        b.append(Fmt.log("Decided by: " + o.getValue("decided_by")
          + (o.getValue("error") != null ? " (" + o.getValue("error") + ")" : ""))).append('\n');
      }
      JsonObject attrs = o.getJsonObject("attributes", new JsonObject());
      b.append(Fmt.log(attrs.isEmpty() ? "Attributes: none" : "Attributes:")).append('\n');
      attrs.forEach(e -> b.append(Fmt.log(Fmt.INDENTATION + e.getKey() + " = " + e.getValue())).append('\n'));
      return b.toString().stripTrailing();
    }
  }
}
