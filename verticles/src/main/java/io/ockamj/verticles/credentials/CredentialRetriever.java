package io.ockamj.verticles.credentials;

import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.node.Node;
import io.ockamj.node.spi.CryptoWorkers;
import io.ockamj.store.CredentialRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.authority.AuthorityClient;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps a node's member credential (Rust's {@code RemoteCredentialRetriever}, §6.11): takes a valid
 * cached one from the store, else fetches one from the authority's {@code credential_issuer} over a
 * fresh secure channel; presents it in every handshake and, when it changes, to every open channel
 * ({@link SecureChannels#presentCredentials}); renews it at expiry − refresh-ahead − clock-skew; and
 * retries a failed fetch after a delay that doubles from the minimum to the maximum retry while the
 * authority is unreachable or refuses.
 */
public final class CredentialRetriever {

  private static final System.Logger LOG = System.getLogger(CredentialRetriever.class.getName());

  private final Node node;
  private final SecureChannels channels;
  private final Store store;
  private final CredentialRetrieverOptions options;
  private final Clock clock;
  private final Identifier subject;
  private final Promise<VerifiedCredential> first = Promise.promise();
  private final AtomicLong fetched = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile VerifiedCredential current;
  private volatile Consumer<VerifiedCredential> onNew = c -> { };
  private volatile boolean closed;
  private long timer = -1;
  private long retryMs;
  // where the renewal timer runs: an event-loop context of the retriever's own. A timer set from
  // whatever context completed the last fetch (a secure channel's worker, closing) would be
  // cancelled silently by Vert.x when that worker's verticle is undeployed.
  private final ContextInternal home;

  private volatile String lastFailure;

  private CredentialRetriever(Node node, SecureChannels channels, Store store, CredentialRetrieverOptions options, Clock clock) {
    this.node = node;
    this.channels = channels;
    this.store = store;
    this.options = options;
    this.clock = clock;
    this.subject = channels.identity().identity().identifier();
    this.retryMs = options.minRetry().toMillis();
    this.home = ((VertxInternal) node.vertx()).createEventLoopContext();
  }

  /**
   * Starts keeping the credential. The returned future completes after the first attempt, whether
   * it got a credential or not; {@link #firstCredential()} completes with the first one.
   *
   * @param node the node
   * @param channels the node's channels (their identity is the subject; they present the credential)
   * @param store where credentials are cached by subject, issuer and scope, or {@code null}
   * @param options the authority and the timing
   * @param clock the clock
   * @return a future with the retriever
   */
  public static Future<CredentialRetriever> start(Node node, SecureChannels channels, Store store,
                                                  CredentialRetrieverOptions options, Clock clock) {
    CredentialRetriever r = new CredentialRetriever(node, channels, store, options, clock);
    return r.loadCached().compose(cached -> cached ? Future.succeededFuture() : r.fetch()).map(r);
  }

  /** @return a future with the first credential obtained */
  public Future<VerifiedCredential> firstCredential() {
    return first.future();
  }

  /** @return the credential presented now, if any */
  public Optional<VerifiedCredential> current() {
    return Optional.ofNullable(current);
  }

  /** @return how many credentials were fetched from the authority */
  public long fetched() {
    return fetched.get();
  }

  /** @return how many fetches failed */
  public long failures() {
    return failures.get();
  }

  /** @return why the last fetch failed, if one did */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /**
   * @param listener told about every new credential (on an event loop; must not block)
   */
  public void onNewCredential(Consumer<VerifiedCredential> listener) {
    this.onNew = listener;
  }

  /** Stops renewing. */
  public void close() {
    closed = true;
    synchronized (this) {
      if (timer >= 0) {
        node.vertx().cancelTimer(timer);
        timer = -1;
      }
    }
  }

  /** @return when a credential expiring at {@code expiresAt} is renewed, unix seconds */
  long renewAt(long expiresAt) {
    return expiresAt - options.refreshAhead().getSeconds() - options.clockSkew().getSeconds();
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  private Future<Boolean> loadCached() {
    if (store == null) {
      return Future.succeededFuture(false);
    }
    return store.credentials().get(subject.toString(), options.authority().identifier().toString(), options.scope())
      .compose(found -> {
        if (found.isEmpty()) {
          return Future.succeededFuture(false);
        }
        byte[] bytes = found.get().credential();
        return verify(bytes).map(c -> {
          if (options.authorityRoute() != null && renewAt(c.expiresAt()) <= now()) {
            return false;
          }
          accept(c, false);
          return true;
        }).otherwise(err -> {
          LOG.log(System.Logger.Level.INFO, "the stored credential of " + subject + " is not usable: " + err.getMessage());
          return false;
        });
      });
  }

  private Future<VerifiedCredential> verify(byte[] bytes) {
    long now = now();
    return CryptoWorkers.of(node.vertx()).run(() -> CredentialAndPurposeKey.decode(bytes)
      .verify(subject, List.of(options.authority()), now));
  }

  /** One attempt; on failure a retry is scheduled. Never fails. */
  private Future<Void> fetch() {
    if (closed) {
      return Future.succeededFuture();
    }
    if (options.authorityRoute() == null) {
      failures.incrementAndGet();
      lastFailure = "no valid credential in scope " + options.scope() + " and no authority route to fetch one";
      LOG.log(System.Logger.Level.WARNING, lastFailure);
      return Future.succeededFuture();
    }
    LOG.log(System.Logger.Level.DEBUG, () -> "fetching a credential for " + subject + " from " + options.authorityRoute());
    return AuthorityClient.connect(node, channels, options.authorityRoute(), options.authority().identifier(), options.timeout())
      .compose(client -> {
        LOG.log(System.Logger.Level.DEBUG, () -> "asking " + options.authority().identifier() + " for a credential through channel "
          + client.channel().encryptor());
        return client.credential().eventually(client::close);
      })
      .compose(c -> verify(c.bytes()).compose(v -> (store == null ? Future.<Void>succeededFuture()
        : store.credentials().store(new CredentialRecord(subject.toString(), v.issuer().toString(), options.scope(),
          c.bytes(), Instant.ofEpochSecond(v.expiresAt())))).map(v)))
      .map(v -> {
        fetched.incrementAndGet();
        io.ockamj.verticles.metrics.NodeMeters.of(node).credentialRefresh(true);
        retryMs = options.minRetry().toMillis();
        accept(v, true);
        return (Void) null;
      })
      .recover(err -> {
        failures.incrementAndGet();
        lastFailure = err.getMessage();
        io.ockamj.verticles.metrics.NodeMeters.of(node).credentialRefresh(false);
        long delay = retryMs;
        retryMs = Math.min(options.maxRetry().toMillis(), retryMs * 2);
        // with a credential still valid, a retry never waits past its expiry
        VerifiedCredential c = current;
        if (c != null) {
          delay = Math.max(1, Math.min(delay, (c.expiresAt() - now()) * 1000));
        }
        LOG.log(System.Logger.Level.WARNING, "could not get a credential from " + options.authority().identifier() + " ("
          + err.getMessage() + "); trying again in " + delay + " ms");
        schedule(delay);
        return Future.succeededFuture();
      });
  }

  private void accept(VerifiedCredential c, boolean fresh) {
    current = c;
    channels.presentCredentials(List.of(c.credentialAndPurposeKey()));
    first.tryComplete(c);
    long delayMs = Math.max(1, (renewAt(c.expiresAt()) - now()) * 1000);
    LOG.log(System.Logger.Level.INFO, (fresh ? "got" : "loaded") + " a credential for " + subject + " expiring at "
      + Instant.ofEpochSecond(c.expiresAt()) + "; renewing in " + delayMs / 1000 + " s");
    if (options.authorityRoute() != null) {
      schedule(delayMs);
    }
    try {
      onNew.accept(c);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a credential listener failed", e);
    }
  }

  private synchronized void schedule(long delayMs) {
    if (closed) {
      return;
    }
    if (timer >= 0) {
      node.vertx().cancelTimer(timer);
    }
    timer = home.setTimer(delayMs, id -> {
      synchronized (this) {
        timer = -1;
      }
      fetch();
    });
  }
}
