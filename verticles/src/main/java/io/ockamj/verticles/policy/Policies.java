package io.ockamj.verticles.policy;

import io.ockamj.node.Node;
import io.ockamj.policy.Expr;
import io.ockamj.policy.Explanation;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.policy.PolicyParseException;
import io.ockamj.store.PolicyRecord;
import io.ockamj.store.PolicyRecord.Target;
import io.ockamj.store.PolicyRepository;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The policies of one node: stored per resource name or type ({@link PolicyRepository}, or in
 * memory for a node without a store), looked up and evaluated for a subject, and turned into access
 * controls for the node's resources. Thread-safe; every method is non-blocking.
 */
public final class Policies {

  /** Rust's default policy for a node with an authority. */
  public static final String DEFAULT_EXPRESSION = "(= subject.has_credential true)";

  private static final int MAX_PARSED = 256;

  private final String nodeName;
  private final PolicyRepository repository;
  private final SubjectAttributes subjects;
  private final SecureChannels channels;
  private final Map<String, Expr> parsed = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  /** The node whose meters count refusals, or {@code null}. */
  private volatile Node node;
  // where shared look-ups run (see checkShared): a context that no worker's undeployment takes down
  private volatile io.vertx.core.internal.ContextInternal home;

  /**
   * @param nodeName the node's name (policies are stored per node)
   * @param repository where policies are stored
   * @param subjects the attributes of subjects
   * @param channels the node's secure channels (for outgoing checks), or {@code null}
   */
  public Policies(String nodeName, PolicyRepository repository, SubjectAttributes subjects, SecureChannels channels) {
    this.nodeName = nodeName;
    this.repository = repository;
    this.subjects = subjects;
    this.channels = channels;
  }

  /**
   * The policies of a node, in its store if it has one.
   *
   * @param node the node
   * @param channels its secure channels
   * @param store its store, or {@code null} (policies are then kept in memory)
   * @param authorities the identifiers of the node's authorities (empty: none)
   * @return the policies
   */
  public static Policies create(Node node, SecureChannels channels, Store store, Set<String> authorities) {
    PolicyRepository repo = store == null ? new InMemoryPolicyRepository() : store.policies();
    SubjectAttributes subjects = new SubjectAttributes(store == null ? null : store.identityAttributes(), channels,
      authorities, Clock.systemUTC());
    Policies p = new Policies(node.name(), repo, subjects, channels);
    p.node = node;
    p.home = ((io.vertx.core.internal.VertxInternal) node.vertx()).createEventLoopContext();
    // a revocation changes what a subject's attributes are: cached decisions are made again
    io.ockamj.verticles.revocation.Revocations.of(node).onRevoked(n -> p.generation.incrementAndGet());
    return p;
  }

  /**
   * Like {@link #check}, run from the policies' own context rather than the caller's: a decision that
   * many messages wait on must not be lost with the worker that happened to ask first (Vert.x drops
   * what a verticle's context still had to deliver when that verticle is undeployed, e.g. a portal's
   * probe connection that closes at once).
   *
   * @param resource the resource's name
   * @param type its type
   * @param subject the subject's identifier, or {@code null} outside a secure channel
   * @return the decision
   */
  Future<PolicyDecision> checkShared(String resource, ResourceType type, String subject) {
    io.vertx.core.internal.ContextInternal ctx = home;
    if (ctx == null) {
      return check(resource, type, subject);
    }
    io.vertx.core.Promise<PolicyDecision> decided = io.vertx.core.Promise.promise();
    ctx.runOnContext(v -> check(resource, type, subject).onComplete(decided));
    return decided.future();
  }

  /**
   * Counts a refusal by a policy of this node in its meters ({@code ockam_policy_denials_total}), if
   * the policies belong to a node ({@link #create}); call once per refused message or channel.
   *
   * @param resource the refusing resource's name
   * @param type its type
   */
  public void denied(String resource, ResourceType type) {
    Node n = node;
    if (n != null) {
      io.ockamj.verticles.metrics.NodeMeters.of(n).policyDenied(type.text(), resource);
    }
  }

  SecureChannels channels() {
    return channels;
  }

  long generation() {
    return generation.get();
  }

  /** @return the subjects' attributes */
  public SubjectAttributes subjects() {
    return subjects;
  }

  /**
   * @param resource the resource name
   * @param type its type
   * @return the incoming access control of the resource
   */
  public PolicyAccessControl incoming(String resource, ResourceType type) {
    return new PolicyAccessControl(this, resource, type, false);
  }

  /**
   * @param resource the resource name
   * @param type its type
   * @return the outgoing access control of the resource
   */
  public PolicyAccessControl outgoing(String resource, ResourceType type) {
    return new PolicyAccessControl(this, resource, type, true);
  }

  /**
   * Stores a policy (after checking that it parses).
   *
   * @param target resource name or type
   * @param resource the name, or a type's text
   * @param expression the policy
   * @return the stored record
   */
  public Future<PolicyRecord> set(Target target, String resource, PolicyExpression expression) {
    if (target == Target.RESOURCE_TYPE) {
      try {
        ResourceType.parse(resource);
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(e);
      }
    }
    // stored, like Rust, as the full expression the policy stands for
    PolicyRecord r = new PolicyRecord(nodeName, target, resource, PolicyRecord.HANDLE_MESSAGE,
      expression.toExpression().toString());
    return repository.store(r).andThen(x -> generation.incrementAndGet()).map(r);
  }

  /**
   * @param target resource name or type
   * @param resource the name or type
   * @return the policy, or empty
   */
  public Future<Optional<PolicyRecord>> get(Target target, String resource) {
    return repository.get(nodeName, target, resource, PolicyRecord.HANDLE_MESSAGE);
  }

  /** @return the node's policies, resource policies first */
  public Future<List<PolicyRecord>> list() {
    return repository.list(nodeName);
  }

  /**
   * @param target resource name or type
   * @param resource the name or type
   * @return whether a policy was deleted
   */
  public Future<Boolean> delete(Target target, String resource) {
    return repository.delete(nodeName, target, resource, PolicyRecord.HANDLE_MESSAGE).andThen(x -> generation.incrementAndGet());
  }

  /**
   * Records a resource of the node, so that {@link #explain} knows its type.
   *
   * @param resource the resource name
   * @param type its type
   * @return a future completed when stored
   */
  public Future<Void> registerResource(String resource, ResourceType type) {
    return repository.storeResource(nodeName, resource, type.text());
  }

  /**
   * Checks a subject against the policy of a resource.
   *
   * @param resource the resource name
   * @param type its type
   * @param subject the subject's identifier, or {@code null} for a message outside any secure channel
   * @return the decision; a policy that no longer parses refuses everyone
   */
  public Future<PolicyDecision> check(String resource, ResourceType type, String subject) {
    return check(resource, type, subject, true);
  }

  /**
   * Checks a subject against an explicit policy of a resource only: without a policy for its name or
   * type, everyone is admitted even with an authority (secure channel listeners, ours: the authority
   * default would lock out administrators without credentials).
   *
   * @param resource the resource name
   * @param type its type
   * @param subject the subject's identifier
   * @return the decision
   */
  public Future<PolicyDecision> checkExplicit(String resource, ResourceType type, String subject) {
    return check(resource, type, subject, false);
  }

  private Future<PolicyDecision> check(String resource, ResourceType type, String subject, boolean authorityDefault) {
    return repository.find(nodeName, resource, type.text(), PolicyRecord.HANDLE_MESSAGE).compose(found -> {
      String source;
      String text;
      if (found.isPresent()) {
        source = found.get().target() == Target.RESOURCE ? "resource" : "resource-type";
        text = found.get().expression();
      } else if (authorityDefault && subjects.hasAuthorities()) {
        source = "default";
        text = DEFAULT_EXPRESSION;
      } else {
        return Future.succeededFuture(new PolicyDecision(true, resource, type.text(), "none", null, Map.of(), null));
      }
      Future<Map<String, Expr>> env = subject == null ? Future.succeededFuture(Map.of()) : subjects.environment(subject);
      return env.map(e -> {
        Map<String, Expr> all = new LinkedHashMap<>(e);
        all.put("resource.id", new Expr.Str(resource));
        all.put("action.id", new Expr.Str(PolicyRecord.HANDLE_MESSAGE));
        Expr expr;
        try {
          expr = expression(text);
        } catch (PolicyParseException x) {
          Expr bad = new Expr.Str(text);
          return new PolicyDecision(false, resource, type.text(), source, text, all,
            new Explanation(false, null, "the stored policy does not parse: " + x.getMessage(), bad));
        }
        if (subject == null) {
          return new PolicyDecision(false, resource, type.text(), source, text, all,
            new Explanation(false, null, "no secure channel identity", expr));
        }
        Explanation ex = Explanation.of(expr, all);
        return new PolicyDecision(ex.allowed(), resource, type.text(), source, text, all, ex);
      });
    });
  }

  /**
   * Explains the decision for a subject on a resource whose type the node knows (or {@code tcp-outlet}
   * policies by name only, when it does not).
   *
   * @param resource the resource name
   * @param subject the subject's identifier
   * @return the decision
   */
  public Future<PolicyDecision> explain(String resource, String subject) {
    return repository.resources(nodeName).compose(rs -> {
      String t = rs.get(resource);
      ResourceType type = t == null ? ResourceType.TCP_OUTLET : ResourceType.parse(t);
      return check(resource, type, subject);
    });
  }

  private Expr expression(String text) {
    Expr e = parsed.get(text);
    if (e == null) {
      e = PolicyExpression.parse(text).toExpression();
      if (parsed.size() >= MAX_PARSED) {
        parsed.clear();
      }
      parsed.put(text, e);
    }
    return e;
  }

}
