package io.ockamj.cli;

import picocli.CommandLine.Option;

/**
 * Rust's {@code TrustOpts} ({@code shared_args.rs}): which project (and so which authority) a
 * command or node trusts, or an authority given directly.
 */
final class TrustOptions {

  @Option(names = "--project", paramLabel = "PROJECT_NAME", description = "Project name to use for the command.")
  String project;

  @Option(names = "--authority-identity", paramLabel = "IDENTITY", description = "Hex encoded Identity of the authority.")
  String authorityIdentity;

  @Option(names = "--authority-route", paramLabel = "MULTIADDR", description = "Address to the Authority node.")
  String authorityRoute;

  @Option(names = "--credential-scope", paramLabel = "SCOPE", description = "Expect credential manually saved to the storage.")
  String credentialScope;

  /** @return whether any trust option was given */
  boolean isSet() {
    return project != null || authorityIdentity != null || authorityRoute != null || credentialScope != null;
  }
}
