/**
 * The datagram format of Ockam's UDP transport (transport type 2): a routing message (the same CBOR
 * as a TCP frame body) cut into {@link io.ockamj.protocol.udp.UdpTransportMessage}s of at most 508
 * bytes on the wire, and the receiver's bounded reassembly ({@link io.ockamj.protocol.udp.UdpReassembler}).
 */
package io.ockamj.protocol.udp;
