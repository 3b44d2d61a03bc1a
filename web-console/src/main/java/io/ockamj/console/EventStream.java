package io.ockamj.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's server-sent events ({@code GET /api/events}): every open stream gets each event, encoded
 * once. Events: {@code snapshot} (the node's state, about once a second), {@code trace} (a hop of a route
 * trace), {@code action} (a channel closed, a portal or relay deleted). A stream that cannot keep up (its
 * write queue is full) skips events until it drains.
 */
final class EventStream {

  private final Set<HttpServerResponse> clients = ConcurrentHashMap.newKeySet();

  /** Opens a stream for the request. */
  void open(RoutingContext rc) {
    HttpServerResponse r = rc.response();
    r.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-store")
      .putHeader("x-accel-buffering", "no");
    r.closeHandler(v -> clients.remove(r));
    r.exceptionHandler(e -> clients.remove(r));
    // the browser retries a lost stream after a second (the node stopped, or restarts)
    r.write("retry: 1000\n\n");
    clients.add(r);
  }

  /** @return how many streams are open */
  int size() {
    return clients.size();
  }

  /**
   * Sends an event to every open stream.
   *
   * @param event the event's name
   * @param data its data
   */
  void publish(String event, JsonObject data) {
    if (clients.isEmpty()) {
      return;
    }
    Buffer b = Buffer.buffer(("event: " + event + "\ndata: " + data.encode() + "\n\n").getBytes(StandardCharsets.UTF_8));
    for (HttpServerResponse r : clients) {
      if (!r.writeQueueFull()) {
        r.write(b).onFailure(e -> clients.remove(r));
      }
    }
  }

  /** Ends every stream. */
  void close() {
    for (HttpServerResponse r : clients) {
      r.end().onFailure(e -> { });
    }
    clients.clear();
  }
}
