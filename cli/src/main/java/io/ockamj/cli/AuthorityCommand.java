package io.ockamj.cli;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.OckamHome;
import io.ockamj.store.ProjectRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.authority.Authority;
import io.ockamj.verticles.authority.AuthorityOptions;
import io.ockamj.verticles.authority.OktaOptions;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.LocalIdentity;
import io.ockamj.verticles.identity.NamedIdentity;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.ockamj.verticles.nodemanager.NodeManagerOptions;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ockam authority create}: a node that is a project's authority (§6.6): it keeps the project's
 * members and enrollment tokens and issues member credentials.
 */
@Command(name = "authority", mixinStandardHelpOptions = true, description = "Create an Authority node.",
  subcommands = {AuthorityCommand.Create.class})
final class AuthorityCommand {

  private AuthorityCommand() {
  }

  /** {@code ockam authority create [NAME]}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Create an Authority node: it keeps the members of a project, issues enrollment tokens (for"
      + " 'ockam project ticket') and member credentials, and runs in the background unless --foreground."})
  static final class Create implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = "authority", paramLabel = "NODE_NAME",
      description = "Name of the node (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = {"-f", "--foreground"}, description = "Run the node in foreground.")
    boolean foreground;

    @Option(names = {"-s", "--skip-is-running-check"}, description = "Skip the check if such node is already running.")
    boolean skipIsRunningCheck;

    @Option(names = "--child-process", hidden = true, description = "Started by 'authority create'.")
    boolean childProcess;

    @Option(names = {"-t", "--tcp-listener-address"}, defaultValue = "127.0.0.1:4000", paramLabel = "SOCKET_ADDRESS",
      description = "TCP listener address (default: ${DEFAULT-VALUE}).")
    String tcpListenerAddress;

    @Option(names = "--identity", paramLabel = "IDENTITY_NAME",
      description = "Name of the Identity that the authority will use (default: authority, created if missing).")
    String identity;

    @Option(names = "--project-identifier", required = true, paramLabel = "PROJECT_IDENTIFIER",
      description = "Identifier of the project associated to this authority node.")
    String projectIdentifier;

    @Option(names = "--project-identity-identifier-file", paramLabel = "PROJECT_IDENTITY_IDENTIFIER_FILE",
      description = "Path to a file containing the identifier of the identity used by the project.")
    Path projectIdentityIdentifierFile;

    @Option(names = "--project-access-route", paramLabel = "MULTI_ADDR",
      description = "MultiAddr for accessing the project. If provided, the project is stored in the local database"
        + " (with this authority's identity and route) for 'ockam project ticket' and friends.")
    String projectAccessRoute;

    @Option(names = "--trusted-identities", required = true, paramLabel = "JSON_OBJECT",
      description = "The trusted identities and their attributes: {\"identifier1\": {\"attribute1\": \"value1\"}, ...}")
    String trustedIdentities;

    @Option(names = "--no-direct-authentication", description = "Do not support the enrollment of new project members (direct_authenticator).")
    boolean noDirectAuthentication;

    @Option(names = "--no-token-enrollment", description = "Do not support the issuing of enrollment tokens.")
    boolean noTokenEnrollment;

    @Option(names = "--tenant-base-url", paramLabel = "URL",
      description = "Okta: URL used for accessing the Okta API (its userinfo endpoint is URL/v1/userinfo).")
    String tenantBaseUrl;

    @Option(names = "--certificate", paramLabel = "STRING",
      description = "Okta: pem certificate used to access the Okta server: the PEM text itself; only it is trusted for TLS.")
    String certificate;

    @Option(names = "--attributes", paramLabel = "ATTRIBUTE_NAMES", split = ",",
      description = {"Okta: name of the attributes which can be retrieved from Okta; repeat the flag for each name"
        + " ((ours) or separate them with commas). The Okta service runs only with --tenant-base-url, --certificate"
        + " and --attributes together, as in Rust."})
    List<String> attributes;

    @Option(names = "--account-authority", paramLabel = "ACCOUNT_AUTHORITY_CHANGE_HISTORY",
      description = "Full, hex-encoded Identity of the account authority to trust for project administrator credentials.")
    String accountAuthority;

    @Option(names = "--enforce-admin-checks", description = "Enforce distinction between admins and enrollers.")
    boolean enforceAdminChecks;

    @Option(names = "--disable-trust-context-id", description = "Do not include the trust context id into the credentials.")
    boolean disableTrustContextId;

    @Option(names = "--credential-ttl", converter = Durations.class, paramLabel = "DURATION",
      description = "(ours) How long the member credentials last (default: 30 days, as Rust's authority).")
    Duration credentialTtl;

    @Option(names = "--timeout", defaultValue = "60s", converter = Durations.class,
      description = "(ours) How long to wait for the background node to answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      NodeClient.checkName(name);
      try {
        TcpTransport.splitHostPort(tcpListenerAddress);
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, e.getMessage());
      }
      AuthorityOptions options = options();
      if (foreground) {
        return new Runner(this, options).run();
      }
      try (NodeClient c = NodeClient.open()) {
        Optional<NodeRecord> existing = c.find(name);
        if (!skipIsRunningCheck && existing.isPresent() && NodeClient.localStatus(existing.get()).equals("running")) {
          throw NodeCommand.alreadyRunning(existing.get());
        }
        String identityName = identity != null ? identity : "authority";
        if (c.await(c.identities.get(identityName)).isEmpty()) {
          c.await(c.identities.create(identityName));
        }
        if (existing.isPresent()) {
          c.await(c.store.nodes().delete(name));
        }
        NodeProcesses.Started started = NodeProcesses.spawn(name,
          List.of("authority", "create", name, "--foreground", "--child-process"), childArgs(identityName));
        return NodeCommand.launchStarted(c, name, started, timeout, json, "created");
      }
    }

    private List<String> childArgs(String identityName) {
      List<String> a = new ArrayList<>(List.of("--tcp-listener-address", tcpListenerAddress, "--identity", identityName,
        "--project-identifier", projectIdentifier, "--trusted-identities", trustedIdentities));
      if (projectAccessRoute != null) {
        a.addAll(List.of("--project-access-route", projectAccessRoute));
      }
      if (projectIdentityIdentifierFile != null) {
        a.addAll(List.of("--project-identity-identifier-file", projectIdentityIdentifierFile.toAbsolutePath().toString()));
      }
      if (accountAuthority != null) {
        a.addAll(List.of("--account-authority", accountAuthority));
      }
      if (credentialTtl != null) {
        a.addAll(List.of("--credential-ttl", credentialTtl.getSeconds() + "s"));
      }
      if (tenantBaseUrl != null) {
        a.addAll(List.of("--tenant-base-url", tenantBaseUrl));
      }
      if (certificate != null) {
        a.addAll(List.of("--certificate", certificate));
      }
      if (attributes != null) {
        attributes.forEach(name -> a.addAll(List.of("--attributes", name)));
      }
      for (String[] flag : new String[][] {{"--no-direct-authentication", String.valueOf(noDirectAuthentication)},
        {"--no-token-enrollment", String.valueOf(noTokenEnrollment)}, {"--enforce-admin-checks", String.valueOf(enforceAdminChecks)},
        {"--disable-trust-context-id", String.valueOf(disableTrustContextId)}, {"--skip-is-running-check", String.valueOf(skipIsRunningCheck)}}) {
        if (Boolean.parseBoolean(flag[1])) {
          a.add(flag[0]);
        }
      }
      return a;
    }

    private AuthorityOptions options() {
      AuthorityOptions o = new AuthorityOptions().setProjectIdentifier(projectIdentifier)
        .setDirectAuthentication(!noDirectAuthentication).setTokenEnrollment(!noTokenEnrollment)
        .setEnforceAdminChecks(enforceAdminChecks).setDisableTrustContextId(disableTrustContextId);
      if (credentialTtl != null) {
        if (credentialTtl.getSeconds() < 1) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, "--credential-ttl must be at least 1s");
        }
        o.setCredentialTtl(credentialTtl);
      }
      parseTrustedIdentities(trustedIdentities).forEach(o::addTrustedIdentity);
      o.setOkta(okta());
      if (accountAuthority != null) {
        try {
          o.setAccountAuthority(Identity.importHex(accountAuthority.trim()));
        } catch (RuntimeException e) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --account-authority: " + e.getMessage());
        }
      }
      return o;
    }

    /**
     * @return the Okta service's configuration when the three Okta flags are given; {@code null} (no
     *   Okta service, as Rust's {@code authority create}) when one is missing, with a warning (ours)
     */
    private OktaOptions okta() {
      if (tenantBaseUrl == null || certificate == null || attributes == null) {
        if (tenantBaseUrl != null || certificate != null || attributes != null) {
          System.err.println("warning: the Okta service needs --tenant-base-url, --certificate and --attributes together;"
            + " it is not started");
        }
        return null;
      }
      try {
        return new OktaOptions(tenantBaseUrl, certificate, attributes);
      } catch (IllegalArgumentException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, e.getMessage());
      }
    }
  }

  /** Parses {@code --trusted-identities}: {@code {"I...": {"k": "v"}, ...}}. */
  static Map<Identifier, Map<String, String>> parseTrustedIdentities(String json) {
    Map<Identifier, Map<String, String>> out = new LinkedHashMap<>();
    JsonObject o;
    try {
      o = new JsonObject(json);
    } catch (RuntimeException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --trusted-identities: not a JSON object: " + e.getMessage());
    }
    for (String key : o.fieldNames()) {
      Identifier id = CredentialCommand.identifierArgument("--trusted-identities", key);
      Object v = o.getValue(key);
      if (!(v instanceof JsonObject)) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --trusted-identities: the attributes of " + key
          + " must be a JSON object of strings");
      }
      Map<String, String> attrs = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : (JsonObject) v) {
        attrs.put(e.getKey(), String.valueOf(e.getValue()));
      }
      out.put(id, attrs);
    }
    return out;
  }

  /** The authority node in this process until SIGTERM/SIGINT. */
  static final class Runner {
    private final Create cmd;
    private final AuthorityOptions options;
    private final CountDownLatch stopped = new CountDownLatch(1);

    Runner(Create cmd, AuthorityOptions options) {
      this.cmd = cmd;
      this.options = options;
    }

    int run() throws Exception {
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4).setInternalBlockingPoolSize(4));
      Store store = null;
      Node node = null;
      try {
        store = LocalState.await(Store.open(vertx, OckamHome.resolve().database()));
        IdentityManager identities = LocalState.await(IdentityManager.open(vertx, store));
        String identityName = cmd.identity != null ? cmd.identity : "authority";
        Optional<NamedIdentity> found = LocalState.await(identities.get(identityName));
        NamedIdentity named = found.isPresent() ? found.get() : LocalState.await(identities.create(identityName));
        LocalIdentity li = LocalState.await(identities.loadSecureChannelKey(named.name()));
        node = LocalState.await(Node.create(vertx, new NodeOptions().setName(cmd.name).setTcpListenerAddress(cmd.tcpListenerAddress)));
        SecureChannels channels = SecureChannels.create(node, new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(), List.of()));
        Authority authority = LocalState.await(Authority.start(node, channels, identities, named.name(), store, options));
        NodeManagerOptions mo = new NodeManagerOptions().setStore(store);
        mo.addAdmin(named.identifier());
        LocalState.await(identities.getDefault()).ifPresent(d -> mo.addAdmin(d.identifier()));
        LocalState.await(NodeManager.start(node, channels, mo));
        if (cmd.projectAccessRoute != null) {
          storeProject(store, li.identity(), node.tcpListenerAddress());
        }
        long self = ProcessHandle.current().pid();
        JsonObject config = new JsonObject().put("identity", named.name()).put("tcp_listener_address", cmd.tcpListenerAddress)
          .put("authority", true).put("project_identifier", cmd.projectIdentifier)
          .put("admins", new JsonArray().add(named.identifier().toString())).put("api_listener", SecureChannels.DEFAULT_LISTENER)
          .put(NodeClient.PROCESS_STARTED, NodeClient.processStarted());
        LocalState.await(store.nodes().store(new NodeRecord(cmd.name, named.identifier().toString(), self, node.tcpListenerAddress(),
          false, config, null)));
        installShutdown(vertx, store, node, self);
        System.out.println("Node " + cmd.name + " is running, listening on " + node.tcpListenerAddress() + ", identity "
          + authority.identifier());
        System.out.flush();
      } catch (Exception e) {
        Future<Void> f = node == null ? Future.succeededFuture() : node.close();
        Store s = store;
        f.eventually(() -> s == null ? Future.succeededFuture() : s.close()).eventually(vertx::close)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        throw e;
      }
      stopped.await();
      return ExitCodes.OK;
    }

    private void storeProject(Store store, Identity authority, String listener) throws Exception {
      String projectIdentity = null;
      if (cmd.projectIdentityIdentifierFile != null) {
        projectIdentity = Files.readString(cmd.projectIdentityIdentifierFile).trim();
        CredentialCommand.identifierArgument("--project-identity-identifier-file", projectIdentity);
      }
      String route = cmd.projectAccessRoute;
      NodeApi.multiAddr("--project-access-route", route);
      JsonObject model = new JsonObject().put("id", cmd.projectIdentifier).put("name", cmd.projectIdentifier)
        .put("space_name", "").put("access_route", route).put("users", new JsonArray()).put("space_id", "")
        .put("identity", projectIdentity).put("authority_access_route", route)
        .put("authority_identity", authority.exportHex()).put("version", null).put("running", null)
        .put("operation_id", null).put("user_roles", new JsonArray()).put("project_change_history", authority.exportHex());
      LocalState.await(store.projects().store(new ProjectRecord(cmd.projectIdentifier, cmd.projectIdentifier, false, model, null)));
    }

    private void installShutdown(Vertx vertx, Store store, Node node, long self) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          node.close()
            .compose(v -> NodeForeground.clearPid(store, cmd.name, self))
            .eventually(store::close).eventually(vertx::close)
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // exiting anyway
        } finally {
          stopped.countDown();
        }
      }, "ockam-shutdown"));
    }
  }
}
