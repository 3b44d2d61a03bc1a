package io.ockamj.verticles.portal;

/**
 * The states of a {@link PortalConnection}; an outlet-side connection starts {@link #OPEN}.
 */
enum PortalState {
  /** Inlet: Ping sent, waiting for Pong. */
  CONNECTING,
  /** Both directions flow. */
  OPEN,
  /** Our socket reached EOF and Disconnect was sent; still writing what the other end sends. */
  LOCAL_EOF,
  /** The other end sent Disconnect and our socket's output is shut down; still reading. */
  REMOTE_EOF,
  /** The socket is closed and the workers are stopping. */
  CLOSED
}
