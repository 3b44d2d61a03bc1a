package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.policy.PolicyExpression;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@code POST /node/inlet} asks for, with the fields of Rust's {@code CreateInlet} request
 * ({@code ockam_api::nodes::models::portal}) that this node uses, plus ours.
 *
 * @param alias the inlet's name, or {@code null} for a random one
 * @param bind {@code host:port} to listen on; port 0 picks a free port; {@code null} for Rust's default
 * @param to the route to the outlet, e.g. {@code /node/relay/service/forward_to_n1/secure/api/service/outlet}
 * @param authorized identities the outlet's node must prove in the route's secure channels (empty: any)
 * @param timeout how long building the route may take
 * @param waitForConnection {@code true}: answer once the outlet answered (failing if it does not);
 *   {@code false}: answer at once, the inlet {@code DOWN} until its first attempt succeeds, retrying
 *   with back-off (Rust's {@code --no-connection-wait})
 * @param identity the name of a local identity the inlet's secure channels prove, or {@code null}
 *   for the node's
 * @param allow the inlet's policy (Rust's {@code --allow}), stored as its resource policy; or
 *   {@code null} for the type policy or the node's default
 * @param channelAuthorized by position among the route's {@code /secure/} components (0: the first),
 *   the only identity that channel accepts (the channel to a project's node checks the project's
 *   identity); the channels not in it accept {@code authorized}
 */
public record CreateInlet(String alias, String bind, MultiAddr to, List<Identifier> authorized, Duration timeout,
                          boolean waitForConnection, String identity, PolicyExpression allow,
                          Map<Integer, Identifier> channelAuthorized) {

  /**
   * Checks the required parts and copies the collections.
   *
   * @param alias the alias or {@code null}
   * @param bind the address to listen on or {@code null}
   * @param to the route to the outlet
   * @param authorized the identities the outlet's node may prove
   * @param timeout how long building the route may take
   * @param waitForConnection whether to answer once the outlet answered
   * @param identity the local identity's name or {@code null}
   * @param allow the policy or {@code null}
   * @param channelAuthorized identities of single channels, by position
   */
  public CreateInlet {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(timeout, "timeout");
    authorized = authorized == null ? List.of() : List.copyOf(authorized);
    channelAuthorized = channelAuthorized == null ? Map.of() : Map.copyOf(channelAuthorized);
  }

  /**
   * A request that waits for the outlet, with the node's identity, no policy of its own and one
   * authorized list for every channel.
   *
   * @param alias the alias or {@code null}
   * @param bind the address to listen on or {@code null}
   * @param to the route to the outlet
   * @param authorized the identities the outlet's node may prove (empty: any)
   * @param timeout how long building the route may take
   * @return the request
   */
  public static CreateInlet of(String alias, String bind, MultiAddr to, List<Identifier> authorized, Duration timeout) {
    return new CreateInlet(alias, bind, to, authorized, timeout, true, null, null, Map.of());
  }
}
