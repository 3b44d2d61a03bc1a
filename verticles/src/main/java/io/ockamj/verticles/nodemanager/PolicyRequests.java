package io.ockamj.verticles.nodemanager;

import io.ockamj.policy.Expr;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.RequestHeader;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.api.Status;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.store.PolicyRecord;
import io.ockamj.verticles.policy.Policies;
import io.ockamj.verticles.policy.PolicyDecision;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy paths of the node-manager API. Rust's, with Rust's CBOR bodies ({@link PolicyCodec}):
 * {@code POST /policy/handle_message} (SetPolicyRequest), {@code GET /policy/handle_message}
 * (a resource; answers a Policy or 404), {@code GET /policy} (answers a PoliciesList),
 * {@code DELETE /policy/handle_message} (a resource). Ours: {@code POST /node/policy/explain} with
 * {@code {resource, subject}} (generic CBOR map) answers the verdict, the source and expression of
 * the policy, the subject's attributes and the deciding sub-expression.
 */
final class PolicyRequests {

  private PolicyRequests() {
  }

  static boolean handles(String[] seg) {
    return (seg.length >= 1 && seg.length <= 2 && seg[0].equals("policy"))
      || (seg.length == 3 && seg[0].equals("node") && seg[1].equals("policy") && seg[2].equals("explain"));
  }

  static Future<Response> handle(Policies policies, Request request, Method method, String[] seg) {
    RequestHeader h = request.header();
    if (seg[0].equals("node")) {
      return method == Method.POST ? explain(policies, request) : NodeManagerWorker.notAllowed(h);
    }
    if (seg.length == 1) {
      return method == Method.GET ? list(policies, request) : NodeManagerWorker.notAllowed(h);
    }
    if (!seg[1].equals(PolicyRecord.HANDLE_MESSAGE)) {
      return Future.succeededFuture(Response.error(h, Status.BAD_REQUEST, "unknown action '" + seg[1] + "'"));
    }
    switch (method) {
      case POST: {
        PolicyCodec.SetPolicy set = PolicyCodec.setPolicy(body(request));
        return policies.set(set.resource().target(), set.resource().value(), set.expression())
          .map(r -> Response.ok(h, null));
      }
      case GET: {
        PolicyCodec.Resource res = PolicyCodec.resource(body(request));
        return policies.get(res.target(), res.value()).map(found -> found.isEmpty()
          ? Response.error(h, Status.NOT_FOUND, "No policy found for resource '" + res + "' and action '" + seg[1] + "'")
          : Response.ok(h, PolicyCodec.policy(new PolicyCodec.Policy(res, expr(found.get())))));
      }
      case DELETE: {
        PolicyCodec.Resource res = PolicyCodec.resource(body(request));
        return policies.delete(res.target(), res.value()).map(deleted -> Response.ok(h, null));
      }
      default:
        return NodeManagerWorker.notAllowed(h);
    }
  }

  private static byte[] body(Request request) {
    if (request.body() == null) {
      throw new DecodeException("this request needs a body");
    }
    return request.body();
  }

  private static Expr expr(PolicyRecord r) {
    return PolicyExpression.parse(r.expression()).toExpression();
  }

  private static Future<Response> list(Policies policies, Request request) {
    PolicyCodec.Resource only = null;
    byte[] b = request.body();
    if (b != null && b.length > 0 && (b[0] & 0xff) != 0xf6) {
      only = PolicyCodec.resource(b);
    }
    PolicyCodec.Resource filter = only;
    return policies.list().map(all -> {
      List<PolicyCodec.Policy> out = new ArrayList<>();
      for (PolicyRecord r : all) {
        if (filter == null || (filter.target() == r.target() && filter.value().equals(r.resource()))) {
          out.add(new PolicyCodec.Policy(new PolicyCodec.Resource(r.target(), r.resource()), expr(r)));
        }
      }
      return Response.ok(request.header(), PolicyCodec.policies(out));
    });
  }

  private static Future<Response> explain(Policies policies, Request request) {
    Map<String, Object> b = NodeManagerWorker.body(request);
    return policies.explain(Bodies.text(b, "resource"), Bodies.text(b, "subject")).compose(d ->
      NodeManagerWorker.ok(request.header(), explanation(d)));
  }

  static Map<String, Object> explanation(PolicyDecision d) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    d.environment().forEach((k, v) -> attrs.put(k, v instanceof Expr.Str s ? s.value() : v.toString()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("resource", d.resource());
    out.put("resource_type", d.resourceType());
    out.put("allowed", d.allowed());
    out.put("source", d.source());
    out.put("expression", d.expression());
    out.put("attributes", attrs);
    if (d.explanation() != null) {
      out.put("decided_by", d.explanation().decidedBy().toString());
      out.put("value", d.explanation().value() == null ? null : d.explanation().value().toString());
      out.put("error", d.explanation().error());
    }
    return out;
  }
}
