package io.ockamj.verticles.portal;

import io.ockamj.node.IncomingAccessControl;
import io.ockamj.node.OutgoingAccessControl;

/** What a portal connection needs from the inlet or outlet options (a frozen copy). */
record PortalSettings(boolean halfClose, int halfCloseTimeoutMs, int writeQueueMaxSize, boolean tcpNoDelay,
                      int pongTimeoutMs, IncomingAccessControl incoming, OutgoingAccessControl outgoing) {
}
