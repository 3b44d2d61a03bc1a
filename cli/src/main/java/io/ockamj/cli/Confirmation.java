package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;

import java.io.Console;
import java.util.List;
import java.util.Locale;

/**
 * The confirmation every {@code delete} asks for, as Rust Ockam 0.139 does: {@code --yes} confirms;
 * without it the command asks on a terminal (default yes), and with no terminal to ask on (or with
 * {@code NO_INPUT} set) it fails with "Use --yes to confirm" and deletes nothing.
 */
final class Confirmation {

  private Confirmation() {
  }

  /** {@code true} if the user can be asked: a terminal, and {@code NO_INPUT} not set to a true value. */
  static boolean canAsk() {
    String noInput = System.getenv("NO_INPUT");
    if (noInput != null && (noInput.equals("1") || noInput.equalsIgnoreCase("true"))) {
      return false;
    }
    return System.console() != null;
  }

  /**
   * Confirms with the flag or by asking.
   *
   * @param yes whether {@code --yes} was given
   * @param prompt the question
   * @return {@code true} to go on, {@code false} if the user said no
   * @throws ExitCodes.CliException without {@code --yes} and no terminal to ask on
   */
  static boolean confirmed(boolean yes, String prompt) {
    if (yes) {
      return true;
    }
    if (!canAsk()) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "Use --yes to confirm");
    }
    Console console = System.console();
    String answer = console.readLine("%s [Y/n] ", prompt);
    if (answer == null) {
      return false;
    }
    String a = answer.strip().toLowerCase(Locale.ROOT);
    return a.isEmpty() || a.equals("y") || a.equals("yes");
  }

  /** Deletes one local item (a node, an identity, a vault) by name. */
  @FunctionalInterface
  interface Deleter {
    void delete(String name) throws Exception;
  }

  /**
   * The delete flow of Rust's local deletes ({@code node}, {@code identity}, {@code vault delete}): with
   * nothing to delete it says so and succeeds (JSON {@code []}); {@code --all} deletes every item after
   * confirming; a name must exist and is deleted after confirming; with neither, on a terminal, the
   * only item is deleted after confirming, and without a terminal nothing happens.
   *
   * @param singular what one item is called ("node")
   * @param plural what several are called ("nodes")
   * @param name the NAME argument, or {@code null}
   * @param all {@code --all}
   * @param yes {@code --yes}
   * @param names the items there are
   * @param json {@code --output json} (unused: the shared output picks the form)
   * @param deleter deletes one and prints it
   * @return the exit code
   */
  static int delete(String singular, String plural, String name, boolean all, boolean yes, List<String> names,
                         boolean json, Deleter deleter) throws Exception {
    if (names.isEmpty()) {
      // as Rust: a notice on a terminal, the empty JSON list through a pipe
      Terminal.write(Output.of().plain(Fmt.info("There are no " + plural + " to delete")).json(new io.vertx.core.json.JsonArray()));
      return ExitCodes.OK;
    }
    if (all) {
      String what = names.size() > 1 ? "your " + names.size() + " " + plural : "your only " + singular;
      if (confirmed(yes, "Are you sure you want to delete " + what + "?")) {
        for (String n : names) {
          try {
            deleter.delete(n);
          } catch (Exception e) {
            Terminal.notice(Fmt.warn("Failed to delete " + singular + " " + n + ": " + ExitCodes.describe(e)));
          }
        }
        return ExitCodes.OK;
      }
    }
    if (name != null) {
      if (!names.contains(name)) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "The " + singular + " " + name + " was not found");
      }
      if (confirmed(yes, "Are you sure you want to proceed?")) {
        deleter.delete(name);
      }
      return ExitCodes.OK;
    }
    if (!canAsk()) {
      return ExitCodes.OK;
    }
    if (names.size() == 1) {
      if (confirmed(yes, "You are about to delete your only " + singular + ". Are you sure you want to proceed?")) {
        deleter.delete(names.get(0));
      }
      return ExitCodes.OK;
    }
    throw new ExitCodes.CliException(ExitCodes.USAGE, "there are " + names.size() + " " + plural + " (" + String.join(", ", names)
      + "): name the " + singular + " to delete, or pass --all");
  }
}
