package io.ockamj.verticles.relay;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;

/**
 * A relay running in a {@link RelayService}, as the relay node sees it.
 *
 * @param address the relay address, e.g. {@code forward_to_n1}
 * @param name the registered name, e.g. {@code n1} (a random hex name for {@code "register"})
 * @param forwardRoute where messages to the relay go (the registration's return route without its
 *   last hop)
 * @param owner the identifier of the identity that registered the relay through a secure channel, or
 *   {@code null} if it was registered without one
 * @param registrations how many times the name was registered (1 + replacements)
 * @param forwarded how many messages the relay has forwarded
 */
public record RelayInfo(Address address, String name, Route forwardRoute, String owner, long registrations,
                        long forwarded) {
}
