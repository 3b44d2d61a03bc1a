package io.ockamj.store;

import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores the ABAC policies of the local nodes (Rust's {@code resource_policy} and
 * {@code resource_type_policy} tables) and the resources they protect ({@code resource}). A policy
 * for a resource name wins over the policy for its type (see {@link #find}).
 * <p>
 * All methods may be called from an event loop; failures arrive as failed futures carrying a
 * {@link StoreException}. Operations are applied in the order they are called.
 */
public interface PolicyRepository {

  /**
   * Stores a policy, replacing the one for the same node, target, resource and action.
   *
   * @param policy the policy
   * @return a future completed when stored
   */
  Future<Void> store(PolicyRecord policy);

  /**
   * Gets one policy.
   *
   * @param nodeName the node
   * @param target resource name or type
   * @param resource the name or type
   * @param action the action
   * @return a future with the policy, or empty
   */
  Future<Optional<PolicyRecord>> get(String nodeName, PolicyRecord.Target target, String resource, String action);

  /**
   * Finds the policy that applies to a resource: the one for its name, else the one for its type.
   *
   * @param nodeName the node
   * @param resourceName the resource name
   * @param resourceType the resource type
   * @param action the action
   * @return a future with the policy, or empty when neither exists
   */
  Future<Optional<PolicyRecord>> find(String nodeName, String resourceName, String resourceType, String action);

  /**
   * Lists a node's policies: resource policies first, then resource-type policies, each by name.
   *
   * @param nodeName the node
   * @return a future with the policies
   */
  Future<List<PolicyRecord>> list(String nodeName);

  /**
   * Deletes one policy.
   *
   * @param nodeName the node
   * @param target resource name or type
   * @param resource the name or type
   * @param action the action
   * @return a future with {@code true} if a policy was deleted
   */
  Future<Boolean> delete(String nodeName, PolicyRecord.Target target, String resource, String action);

  /**
   * Records a resource of a node and its type (replacing the type of one of the same name).
   *
   * @param nodeName the node
   * @param resourceName the resource name
   * @param resourceType the resource type
   * @return a future completed when stored
   */
  Future<Void> storeResource(String nodeName, String resourceName, String resourceType);

  /**
   * Lists a node's resources.
   *
   * @param nodeName the node
   * @return a future with resource names mapped to their types, ordered by name
   */
  Future<Map<String, String>> resources(String nodeName);

  /**
   * Forgets a resource (its resource policies are kept, as in Rust).
   *
   * @param nodeName the node
   * @param resourceName the resource name
   * @return a future with {@code true} if it was known
   */
  Future<Boolean> deleteResource(String nodeName, String resourceName);
}
