package io.ockamj.examples;

import io.ockamj.crypto.identity.Identity;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.RelayMessage;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.PortalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.store.PolicyRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.authority.Authority;
import io.ockamj.verticles.authority.AuthorityClient;
import io.ockamj.verticles.authority.AuthorityOptions;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.channel.TrustPolicy;
import io.ockamj.verticles.credentials.AuthorityRevocations;
import io.ockamj.verticles.credentials.CredentialRetriever;
import io.ockamj.verticles.credentials.CredentialRetrieverOptions;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.LocalIdentity;
import io.ockamj.verticles.policy.Policies;
import io.ockamj.verticles.policy.ResourceType;
import io.ockamj.verticles.portal.InletOptions;
import io.ockamj.verticles.portal.OutletOptions;
import io.ockamj.verticles.portal.Portals;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * 07: credentials from an authority and a policy on an outlet. An authority issues credentials to
 * its members; the server's outlet admits only subjects whose credential says
 * {@code role = db-client} (Rust's {@code 06-credentials-exchange-*} and
 * {@code 11-attribute-based-authentication*}, and what {@code ockam tcp-outlet create --allow} does).
 * An enroller adds two members, each fetches its credential and presents it in the secure channel
 * its inlet goes through: the db-client's echo comes back, the web member's connection is refused.
 * Then the enroller deletes the db-client at the authority; the server follows the authority's
 * revocations and closes the db-client's open portal connection at once.
 */
public final class CredentialsAndPolicies {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private CredentialsAndPolicies() {
  }

  /**
   * Runs the example.
   *
   * @param args none
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    try (ExampleResources res = new ExampleResources()) {
      Vertx vertx = res.vertx();
      String service = res.echoService();

      // the authority: its identity kept in a store, its services behind its node's "api" listener;
      // the enroller's identity is trusted from the start to add and delete members
      Store authorityStore = res.store("authority");
      IdentityManager identities = res.identities(authorityStore);
      LocalIdentity keys = identities.create("authority").compose(x -> identities.loadSecureChannelKey("authority")).await();
      Identity authority = keys.identity();
      Node authorityNode = res.node("authority", true);
      ChannelIdentity enroller = ChannelIdentity.generate(vertx).await();
      Authority.start(authorityNode,
        SecureChannels.create(authorityNode, new ChannelIdentity(authority, keys.secureChannelKey(), keys.vault(), List.of())),
        identities, "authority", authorityStore, new AuthorityOptions().setProjectIdentifier("example")
          .addTrustedIdentity(enroller.identity().identifier(), Map.of(Authority.ROLE_KEY, Authority.ENROLLER))).await();
      MultiAddr authorityRoute = MultiAddr.parse("/ip4/127.0.0.1/tcp/" + port(authorityNode.tcpListenerAddress()) + "/service/api");

      // the server: its listener verifies credentials of this authority, it follows the authority's
      // revocations, and a policy on its outlet admits only db-clients
      Node server = res.node("server", true);
      SecureChannels serverChannels = SecureChannels.create(server, ChannelIdentity.generate(vertx).await());
      serverChannels.createListener(SecureChannels.DEFAULT_LISTENER, new SecureChannelOptions().addAuthority(authority)).await();
      AuthorityRevocations.follow(server, serverChannels, res.store("server"), authority, authorityRoute,
        AuthorityRevocations.DEFAULT_RENEW).await();
      Policies policies = Policies.create(server, serverChannels, null, Set.of(authority.identifier().toString()));
      PolicyExpression allow = PolicyExpression.parse("(= subject.role \"db-client\")");
      policies.set(PolicyRecord.Target.RESOURCE, "outlet", allow).await();
      Portals.create(server).createOutlet("outlet", service, new OutletOptions()
        .setListenerAccessControl(policies.incoming("outlet", ResourceType.TCP_OUTLET).onDenied(m -> refuse(server, m)))
        .setIncomingAccessControl(policies.incoming("outlet", ResourceType.TCP_OUTLET))
        .setOutgoingAccessControl(policies.outgoing("outlet", ResourceType.TCP_OUTLET))).await();
      out.println("Outlet outlet allows " + allow);

      // the enroller adds two members with their attributes
      Node enrollerNode = res.node("enroller", false);
      AuthorityClient admin = AuthorityClient.connect(enrollerNode, SecureChannels.create(enrollerNode, enroller),
        authorityRoute, authority.identifier(), TIMEOUT).await();
      ChannelIdentity dbClient = ChannelIdentity.generate(vertx).await();
      ChannelIdentity web = ChannelIdentity.generate(vertx).await();
      admin.addMember(dbClient.identity().identifier(), Map.of("role", "db-client")).await();
      admin.addMember(web.identity().identifier(), Map.of("role", "web")).await();

      // each member: its credential, a secure channel to the server that presents it, an inlet through it
      String dbInlet = inlet(res, "db-client", dbClient, authority, authorityRoute, server, serverChannels, out);
      String webInlet = inlet(res, "web", web, authority, authorityRoute, server, serverChannels, out);

      NetSocket dbConnection = res.connect(dbInlet);
      out.println("db-client sent hello, received: " + ExampleResources.exchange(dbConnection, "hello\n").await());
      NetSocket webConnection = res.connect(webInlet);
      String refused = ExampleResources.exchange(webConnection, "hello\n").map(l -> "received: " + l)
        .otherwise(err -> "refused: " + err.getMessage()).await();
      out.println("web sent hello, " + refused);

      // revocation: the enroller deletes the db-client, and the server closes its portal connection
      Promise<Void> closed = Promise.promise();
      dbConnection.closeHandler(v -> closed.tryComplete());
      admin.deleteMember(dbClient.identity().identifier()).await();
      closed.future().timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).await();
      out.println("db-client deleted at the authority: its portal connection was closed");
    }
  }

  /** A member's node: its credential from the authority, a channel to the server presenting it, and an inlet. */
  private static String inlet(ExampleResources res, String name, ChannelIdentity member, Identity authority,
                              MultiAddr authorityRoute, Node server, SecureChannels serverChannels, PrintStream out) {
    Node node = res.node(name, false);
    SecureChannels channels = SecureChannels.create(node, member);
    CredentialRetriever credential = res.retriever(CredentialRetriever.start(node, channels, null,
      new CredentialRetrieverOptions(authority, authorityRoute), Clock.systemUTC()).await());
    out.println(name + " has a credential with role=" + credential.firstCredential().await().attributes().toStringMap().get("role"));
    SecureChannel channel = channels.createSecureChannel(
      Route.of(Address.tcp(server.tcpListenerAddress()), Address.local(SecureChannels.DEFAULT_LISTENER)),
      new SecureChannelOptions().setTrustPolicy(TrustPolicy.trustIdentifiers(serverChannels.identity().identity().identifier()))).await();
    return Portals.create(node).createInlet("127.0.0.1:0", Route.of(channel.encryptor(), Address.local("outlet")),
      new InletOptions()).await().bindAddress();
  }

  /** A portal connection the policy refused is told so at once (as the CLI's nodes do), not left to time out. */
  private static void refuse(Node server, RelayMessage refused) {
    server.context().send(refused.message().returnRoute(), PortalMessage.DISCONNECT.encode());
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }
}
