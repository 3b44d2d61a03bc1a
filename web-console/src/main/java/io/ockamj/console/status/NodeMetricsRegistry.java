package io.ockamj.console.status;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.Locale;

/**
 * The registry behind {@code GET /metrics}, and the Vert.x instance that reports into it: JVM
 * meters (memory, GC, threads, class loading, CPU) and Vert.x's pools and verticles. Vert.x's
 * per-socket, HTTP and event-bus meters stay off: they would cost every portal read and
 * every routed message, and the node's own counters ({@link io.ockamj.verticles.metrics.NodeMeters})
 * cover what crosses a transport.
 * <p>
 * Metrics are on unless turned off with the system property {@code ockam.metrics=off} or the
 * environment variable {@code OCKAM_METRICS=off} (ours; {@code false} and {@code 0} also turn them off).
 */
public final class NodeMetricsRegistry {

  /** The system property that turns metrics off ({@code off}, {@code false} or {@code 0}). */
  public static final String PROPERTY = "ockam.metrics";
  /** The environment variable that turns metrics off, when the property is not set. */
  public static final String ENV = "OCKAM_METRICS";

  private NodeMetricsRegistry() {
  }

  /**
   * @return whether metrics are on (see the class documentation)
   */
  public static boolean enabled() {
    String v = System.getProperty(PROPERTY);
    if (v == null) {
      v = System.getenv(ENV);
    }
    if (v == null) {
      return true;
    }
    v = v.trim().toLowerCase(Locale.ROOT);
    return !(v.equals("off") || v.equals("false") || v.equals("0") || v.equals("no"));
  }

  /**
   * @return a new, empty Prometheus registry
   */
  public static PrometheusMeterRegistry create() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * Creates a Vert.x instance that reports its pools and the JVM into a registry.
   *
   * @param options the instance's options (their metrics options are replaced)
   * @param registry the registry, or {@code null} for an instance without metrics
   * @return the instance
   */
  public static Vertx vertx(VertxOptions options, PrometheusMeterRegistry registry) {
    if (registry == null) {
      return Vertx.vertx(options);
    }
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true);
    for (MetricsDomain d : new MetricsDomain[] {MetricsDomain.EVENT_BUS, MetricsDomain.NET_SERVER, MetricsDomain.NET_CLIENT,
      MetricsDomain.HTTP_SERVER, MetricsDomain.HTTP_CLIENT, MetricsDomain.DATAGRAM_SOCKET}) {
      metrics.addDisabledMetricsCategory(d);
    }
    return Vertx.builder().with(new VertxOptions(options).setMetricsOptions(metrics))
      .withMetrics(new MicrometerMetricsFactory(registry)).build();
  }
}
