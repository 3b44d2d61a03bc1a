package io.ockamj.node;

import io.ockamj.protocol.Address;

import java.util.List;

/**
 * A description of a running worker, for listings and the web console.
 *
 * @param primaryAddress the worker's primary address
 * @param addresses all its addresses
 * @param type a short type name (the worker's class)
 * @param processor {@code true} for processors
 * @param pending messages waiting in its mailbox
 * @param handled messages handled so far
 */
public record WorkerInfo(Address primaryAddress, List<Address> addresses, String type, boolean processor,
                         int pending, long handled) {
}
