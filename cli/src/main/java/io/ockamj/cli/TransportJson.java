package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.ockamj.verticles.transport.tcp.TcpListenerInfo;
import io.vertx.core.json.JsonObject;

/**
 * Rust Ockam's {@code TransportStatus} for TCP connections and listeners: its JSON fields and its one-line
 * plain form ({@code TCP, Outgoing at 127.0.0.1:4000}), as {@link ResourceOutput} prints them.
 */
final class TransportJson {

  private TransportJson() {
  }

  static String mode(TcpConnectionInfo c) {
    return c.outgoing() ? "Outgoing" : "Incoming";
  }

  static JsonObject of(TcpConnectionInfo c) {
    return new JsonObject().put("type", "Tcp").put("mode", mode(c)).put("socket_addr", c.peer())
      .put("worker_addr", c.senderAddress().toString()).put("processor_address", c.receiverAddress().toString())
      .put("flow_control_id", c.flowControlId().value());
  }

  static JsonObject of(TcpListenerInfo l) {
    return new JsonObject().put("type", "Tcp").put("mode", "Listen").put("socket_addr", l.socketAddress())
      .put("worker_addr", "<none>").put("processor_address", "<none>")
      .put("flow_control_id", l.flowControlId() == null ? null : l.flowControlId().value());
  }

  static String line(TcpConnectionInfo c) {
    return "TCP, " + mode(c) + " at " + c.peer();
  }

  static String line(TcpListenerInfo l) {
    return "TCP, Listening at " + l.socketAddress();
  }

  /** A TCP connection in a list: its one line. */
  static final ResourceOutput.Kind<TcpConnectionInfo> CONNECTION = new ResourceOutput.Kind<>(TransportJson::line, TransportJson::of);

  /** A TCP listener in a list or shown: its one line. */
  static final ResourceOutput.Kind<TcpListenerInfo> LISTENER = new ResourceOutput.Kind<>(TransportJson::line, TransportJson::of);

  /** A TCP connection shown: Rust's block of details. */
  static final ResourceOutput.Kind<TcpConnectionInfo> CONNECTION_DETAILS = new ResourceOutput.Kind<>(TransportJson::details, TransportJson::of);

  static String details(TcpConnectionInfo c) {
    return Fmt.ok("TCP Connection:") + "\n" + Fmt.log("  Type: TCP") + "\n" + Fmt.log("  Mode: " + mode(c)) + "\n"
      + Fmt.log("  Socket address: " + c.peer()) + "\n" + Fmt.log("  Processor address: " + c.receiverAddress()) + "\n"
      + Fmt.log("  Flow Control Id: " + c.flowControlId().value());
  }

  /** The {@code /worker/ADDRESS} a connection's sender is reached at, as Rust's machine output gives it. */
  static String workerRoute(TcpConnectionInfo c) {
    return "/worker/" + c.senderAddress().innerText();
  }
}
