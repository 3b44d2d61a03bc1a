package io.ockamj.cli;

import java.security.SecureRandom;
import java.util.List;

/**
 * Names for things created without one (identities), in the form Rust Ockam gives them: two words
 * joined by '-', an adjective and a noun (our own word lists).
 */
final class RandomNames {

  private static final List<String> ADJECTIVES = List.of("able", "bold", "brave", "bright", "calm", "clever", "cosmic",
    "crisp", "eager", "fair", "fast", "fine", "gentle", "glad", "golden", "grand", "happy", "humble", "jolly", "keen",
    "kind", "lively", "lucky", "merry", "mighty", "neat", "noble", "polite", "proud", "quick", "quiet", "rapid", "ready",
    "sharp", "shiny", "smart", "steady", "sunny", "swift", "tidy", "vivid", "warm", "wise", "witty", "young", "zesty");

  private static final List<String> NOUNS = List.of("badger", "beaver", "bison", "condor", "crane", "dingo", "dolphin",
    "eagle", "falcon", "ferret", "gecko", "heron", "ibex", "jaguar", "koala", "lemur", "lion", "lynx", "marmot", "moose",
    "narwhal", "ocelot", "orca", "otter", "owl", "panda", "puffin", "quail", "raven", "salmon", "seal", "sparrow", "stork",
    "tapir", "tiger", "toucan", "turtle", "walrus", "wombat", "yak", "zebra");

  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomNames() {
  }

  /** @return a new random name, e.g. {@code swift-otter} */
  static String next() {
    return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(RANDOM.nextInt(NOUNS.size()));
  }
}
