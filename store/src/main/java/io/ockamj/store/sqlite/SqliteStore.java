package io.ockamj.store.sqlite;

import io.ockamj.store.AuthorityMemberRepository;
import io.ockamj.store.CredentialRepository;
import io.ockamj.store.EnrollmentTokenRepository;
import io.ockamj.store.IdentityAttributesRepository;
import io.ockamj.store.IdentityRepository;
import io.ockamj.store.NodeRepository;
import io.ockamj.store.ProjectRepository;
import io.ockamj.store.PurposeKeyRepository;
import io.ockamj.store.PolicyRepository;
import io.ockamj.store.RelayRepository;
import io.ockamj.store.RevocationRepository;
import io.ockamj.store.Store;
import io.ockamj.store.TcpInletRepository;
import io.ockamj.store.TcpOutletRepository;
import io.ockamj.store.VaultRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link Store} on one SQLite database.
 */
public final class SqliteStore implements Store {

  private final Database db;
  private final IdentityRepository identities;
  private final VaultRepository vaults;
  private final PurposeKeyRepository purposeKeys;
  private final CredentialRepository credentials;
  private final IdentityAttributesRepository identityAttributes;
  private final NodeRepository nodes;
  private final TcpInletRepository tcpInlets;
  private final TcpOutletRepository tcpOutlets;
  private final RelayRepository relays;
  private final RevocationRepository revocations;
  private final AuthorityMemberRepository authorityMembers;
  private final EnrollmentTokenRepository enrollmentTokens;
  private final ProjectRepository projects;
  private final PolicyRepository policies;

  private SqliteStore(Database db) {
    this.db = db;
    this.identities = new SqliteIdentityRepository(db);
    this.vaults = new SqliteVaultRepository(db);
    this.purposeKeys = new SqlitePurposeKeyRepository(db);
    this.credentials = new SqliteCredentialRepository(db);
    this.identityAttributes = new SqliteIdentityAttributesRepository(db);
    this.nodes = new SqliteNodeRepository(db);
    this.tcpInlets = new SqliteTcpInletRepository(db);
    this.tcpOutlets = new SqliteTcpOutletRepository(db);
    this.relays = new SqliteRelayRepository(db);
    this.revocations = new SqliteRevocationRepository(db);
    this.authorityMembers = new SqliteAuthorityMemberRepository(db);
    this.enrollmentTokens = new SqliteEnrollmentTokenRepository(db);
    this.projects = new SqliteProjectRepository(db);
    this.policies = new SqlitePolicyRepository(db);
  }

  /**
   * Opens a database file and migrates it with a given migrator (tests use their own).
   *
   * @param vertx the Vert.x instance
   * @param file the database file
   * @param busyTimeout the busy timeout
   * @param migrator the migrator
   * @return the store
   */
  public static Future<Store> open(Vertx vertx, Path file, Duration busyTimeout, Migrator migrator) {
    Objects.requireNonNull(migrator, "migrator");
    return Database.open(vertx, file, busyTimeout).compose(db -> migrator.migrate(db)
        .<Store>map(applied -> new SqliteStore(db))
        .recover(err -> db.close().transform(ignored -> Future.failedFuture(err))));
  }

  /** @return the SQLite database under this store */
  public Database database() {
    return db;
  }

  @Override
  public Path path() {
    return db.path();
  }

  @Override
  public IdentityRepository identities() {
    return identities;
  }

  @Override
  public VaultRepository vaults() {
    return vaults;
  }

  @Override
  public PurposeKeyRepository purposeKeys() {
    return purposeKeys;
  }

  @Override
  public CredentialRepository credentials() {
    return credentials;
  }

  @Override
  public IdentityAttributesRepository identityAttributes() {
    return identityAttributes;
  }

  @Override
  public NodeRepository nodes() {
    return nodes;
  }

  @Override
  public TcpInletRepository tcpInlets() {
    return tcpInlets;
  }

  @Override
  public TcpOutletRepository tcpOutlets() {
    return tcpOutlets;
  }

  @Override
  public RelayRepository relays() {
    return relays;
  }

  @Override
  public RevocationRepository revocations() {
    return revocations;
  }

  @Override
  public AuthorityMemberRepository authorityMembers() {
    return authorityMembers;
  }

  @Override
  public EnrollmentTokenRepository enrollmentTokens() {
    return enrollmentTokens;
  }

  @Override
  public ProjectRepository projects() {
    return projects;
  }

  @Override
  public PolicyRepository policies() {
    return policies;
  }

  @Override
  public Future<Void> close() {
    return db.close();
  }

  @Override
  public String toString() {
    return "SqliteStore[" + db.path() + "]";
  }
}
