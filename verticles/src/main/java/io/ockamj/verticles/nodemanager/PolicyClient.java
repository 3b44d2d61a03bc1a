package io.ockamj.verticles.nodemanager;

import io.vertx.core.Future;
import io.ockamj.protocol.api.Method;

import java.util.List;
import java.util.Map;

/**
 * The policy requests of the node-manager API, on a {@link NodeManagerClient}: Rust's {@code /policy}
 * paths with Rust's CBOR bodies ({@link PolicyCodec}), and our {@code /node/policy/explain}.
 */
public final class PolicyClient {

  private final NodeManagerClient api;

  private PolicyClient(NodeManagerClient api) {
    this.api = api;
  }

  /**
   * @param api a connected client
   * @return its policy requests
   */
  public static PolicyClient of(NodeManagerClient api) {
    return new PolicyClient(api);
  }

  private Future<byte[]> policyCall(Method method, String path, byte[] body) {
    return api.requestBytes(method, path, body).compose(r -> r.isOk() ? Future.succeededFuture(r.body())
      : Future.failedFuture(new NodeManagerException(r.status(), r.error().describe())));
  }

  /**
   * {@code POST /policy/handle_message}.
   *
   * @param resource the resource name or type
   * @param expression the policy
   * @return a future completed when stored
   */
  public Future<Void> setPolicy(PolicyCodec.Resource resource, io.ockamj.policy.PolicyExpression expression) {
    return policyCall(Method.POST, "/policy/handle_message", PolicyCodec.setPolicy(resource, expression)).mapEmpty();
  }

  /**
   * {@code GET /policy/handle_message}.
   *
   * @param resource the resource name or type
   * @return the policy; failed with {@link NodeManagerException} (404) when there is none
   */
  public Future<PolicyCodec.Policy> policy(PolicyCodec.Resource resource) {
    return policyCall(Method.GET, "/policy/handle_message", PolicyCodec.resource(resource)).map(PolicyCodec::policy);
  }

  /**
   * {@code GET /policy}.
   *
   * @param resource only the policies of this resource, or {@code null} for all
   * @return resource policies, then resource-type policies
   */
  public Future<List<PolicyCodec.Policy>> policies(PolicyCodec.Resource resource) {
    return policyCall(Method.GET, "/policy", resource == null ? null : PolicyCodec.resource(resource))
      .map(PolicyCodec::policies);
  }

  /**
   * {@code DELETE /policy/handle_message}.
   *
   * @param resource the resource name or type
   * @return a future completed when deleted (or when there was none)
   */
  public Future<Void> deletePolicy(PolicyCodec.Resource resource) {
    return policyCall(Method.DELETE, "/policy/handle_message", PolicyCodec.resource(resource)).mapEmpty();
  }

  /**
   * {@code POST /node/policy/explain} (ours).
   *
   * @param resource the resource name
   * @param subject the subject's identifier
   * @return the verdict, source, expression, attributes and deciding sub-expression
   */
  public Future<Map<String, Object>> explainPolicy(String resource, String subject) {
    return api.call(Method.POST, "/node/policy/explain", Bodies.map("resource", resource, "subject", subject)).map(Bodies::asMap);
  }
}
