package io.ockamj.verticles.nodemanager;

import io.ockamj.protocol.api.Method;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.ockamj.verticles.transport.tcp.TcpListenerInfo;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /node/tcp/connection} and {@code /node/tcp/listener} requests, sent through a
 * {@link NodeManagerClient}.
 */
public final class TcpApi {

  private final NodeManagerClient api;

  /**
   * @param api the client to send through
   */
  public TcpApi(NodeManagerClient api) {
    this.api = api;
  }

  /** @return the node's TCP listeners */
  public Future<List<TcpListenerInfo>> listeners() {
    return api.call(Method.GET, "/node/tcp/listener", null).map(b -> {
      List<TcpListenerInfo> out = new ArrayList<>();
      for (Object o : Bodies.asList(b)) {
        out.add(Bodies.tcpListener(o));
      }
      return out;
    });
  }

  /**
   * @param key a bound {@code host:port}, {@code localhost:PORT} or a port
   * @return the listener; failed with {@link NodeManagerException} {@code NOT_FOUND} if there is none
   */
  public Future<TcpListenerInfo> listener(String key) {
    return api.call(Method.GET, "/node/tcp/listener/" + key, null).map(Bodies::tcpListener);
  }

  /**
   * @param hostPort where to listen; port 0 picks a free port
   * @return the listener
   */
  public Future<TcpListenerInfo> createListener(String hostPort) {
    return api.call(Method.POST, "/node/tcp/listener", Bodies.map("address", hostPort)).map(Bodies::tcpListener);
  }

  /**
   * @param key as for {@link #listener(String)}
   * @return a future completed when the listener's port is closed
   */
  public Future<Void> deleteListener(String key) {
    return api.call(Method.DELETE, "/node/tcp/listener", Bodies.map("address", key)).mapEmpty();
  }

  /**
   * @param key a sender or receiver address, or the peer's {@code host:port}
   * @return the connection; failed with {@link NodeManagerException} {@code NOT_FOUND} if there is none
   */
  public Future<TcpConnectionInfo> connection(String key) {
    return api.call(Method.GET, "/node/tcp/connection/" + key, null).map(Bodies::tcpConnection);
  }

  /** @return the node's TCP connections */
  public Future<List<TcpConnectionInfo>> connections() {
    return api.tcpConnections();
  }

  /**
   * @param hostPort where to connect
   * @return the connection
   */
  public Future<TcpConnectionInfo> createConnection(String hostPort) {
    return api.createTcpConnection(hostPort);
  }

  /**
   * @param key as for {@link #connection(String)}
   * @return a future completed when the connection is closed
   */
  public Future<Void> deleteConnection(String key) {
    return api.call(Method.DELETE, "/node/tcp/connection", Bodies.map("address", key)).mapEmpty();
  }
}
