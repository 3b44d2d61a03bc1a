package io.ockamj.cli;

import io.ockamj.cli.terminal.GlobalArgs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The command lines a script runs most often ({@code node list}, {@code message send}), parsed
 * without picocli. Picocli builds a command's model from its annotations, and the JDK makes a proxy
 * class for every annotation type on the way: about 60 ms, a third of such a command's run.
 *
 * <p>Only the plain spellings are taken here: the command's words, its options as {@code --name
 * VALUE}, {@code --name=VALUE} or {@code -n VALUE}, its flags, its positional parameters and the
 * global options ({@link GlobalArgs#applyQuick}). Anything else, such as {@code --help}, a
 * repeated option, a missing required one, a value that does not convert or a word starting with
 * {@code -} that is not one of those, is left to picocli, which reports it as before: this path
 * never fails a command line picocli would accept, nor accepts one it would refuse
 * ({@code QuickCommandsTest} compares the two).
 */
final class QuickCommands {

  /** A command this class parses: its words, its options and positional parameters. */
  static final class Shape<T extends Callable<Integer>> {
    final List<String> words;
    private final Supplier<T> factory;
    private final Map<String, BiConsumer<T, String>> valued = new LinkedHashMap<>();
    private final Map<String, Consumer<T>> flags = new LinkedHashMap<>();
    private final Map<String, String> canonical = new LinkedHashMap<>();
    private final List<BiConsumer<T, String>> positionals = new ArrayList<>();
    private int optionalPositionals;
    private final Set<String> required = new HashSet<>();
    private final Set<String> repeatable = new HashSet<>();
    private java.util.function.Predicate<T> accepts = c -> true;

    private Shape(String words, Supplier<T> factory) {
      this.words = List.of(words.split(" "));
      this.factory = factory;
    }

    /** An option with a value; {@code names} are its spellings, the last one the canonical name. */
    Shape<T> option(List<String> names, BiConsumer<T, String> setter) {
      names.forEach(n -> {
        valued.put(n, setter);
        canonical.put(n, names.get(names.size() - 1));
      });
      return this;
    }

    Shape<T> option(String name, BiConsumer<T, String> setter) {
      return option(List.of(name), setter);
    }

    /** An option that may be given more than once (a list: each value is added). */
    Shape<T> repeatable(String name, BiConsumer<T, String> setter) {
      repeatable.add(name);
      return option(name, setter);
    }

    /** What the parsed command must satisfy to be run from here (else picocli parses the line). */
    Shape<T> accepts(java.util.function.Predicate<T> test) {
      accepts = test;
      return this;
    }

    /** A flag; {@code names} are its spellings, the last one the canonical name. */
    Shape<T> flag(List<String> names, Consumer<T> setter) {
      names.forEach(n -> {
        flags.put(n, setter);
        canonical.put(n, names.get(names.size() - 1));
      });
      return this;
    }

    Shape<T> flag(String name, Consumer<T> setter) {
      return flag(List.of(name), setter);
    }

    Shape<T> positional(BiConsumer<T, String> setter) {
      positionals.add(setter);
      return this;
    }

    /** A last positional parameter that may be left out. */
    Shape<T> optionalPositional(BiConsumer<T, String> setter) {
      optionalPositionals++;
      return positional(setter);
    }

    Shape<T> required(String name) {
      required.add(name);
      return this;
    }

    /** @return every spelling of an option or flag this shape takes (the test checks them against picocli's) */
    Set<String> optionNames() {
      return canonical.keySet();
    }

    /** The command for {@code rest} (what follows the words, globals included), or empty. */
    Optional<T> parse(String[] args, List<Integer> restIndexes, GlobalArgs globals, Set<String> seenGlobals) {
      T command = factory.get();
      Set<String> seen = new HashSet<>();
      int positional = 0;
      try {
        for (int k = 0; k < restIndexes.size(); k++) {
          int i = restIndexes.get(k);
          String a = args[i];
          if (!a.startsWith("-") || a.equals("-")) {
            if (positional >= positionals.size() || a.equals("-")) {
              return Optional.empty();
            }
            positionals.get(positional++).accept(command, a);
            continue;
          }
          int used = globals.applyQuick(args, i, seenGlobals);
          if (used < 0) {
            return Optional.empty();
          }
          if (used > 0) {
            k += used - 1;
            continue;
          }
          String name = a;
          String value = null;
          int eq = a.indexOf('=');
          if (a.startsWith("--") && eq > 0) {
            name = a.substring(0, eq);
            value = a.substring(eq + 1);
          }
          if (!canonical.containsKey(name) || !seen.add(canonical.get(name)) && !repeatable.contains(canonical.get(name))) {
            return Optional.empty();
          }
          Consumer<T> flag = flags.get(name);
          if (flag != null) {
            if (value != null) {
              return Optional.empty();
            }
            flag.accept(command);
            continue;
          }
          if (value == null) {
            if (k + 1 >= restIndexes.size() || args[restIndexes.get(k + 1)].startsWith("-")) {
              return Optional.empty();
            }
            value = args[restIndexes.get(++k)];
          }
          valued.get(name).accept(command, value);
        }
      } catch (RuntimeException e) {
        // a value that does not convert: picocli words the error
        return Optional.empty();
      }
      if (positional < positionals.size() - optionalPositionals || !seen.containsAll(required) || !accepts.test(command)) {
        return Optional.empty();
      }
      return Optional.of(command);
    }
  }

  /** The shapes, by their words. */
  static final List<Shape<?>> SHAPES = List.of(
    new Shape<>("node list", NodeListCommand::new),
    new Shape<>("message send", QuickCommands::newSend)
      .positional((c, v) -> c.message = v)
      .option(List.of("-t", "--to"), (c, v) -> c.to = v)
      .required("--to")
      .option(List.of("--retry", "--retry-count"), (c, v) -> c.retryCount = Integer.valueOf(v))
      .option("--retry-delay", (c, v) -> c.retryDelay = Durations.parse(v))
      .flag("--no-retry", c -> c.noRetry = true)
      .option("--at", (c, v) -> c.at = v)
      .option(List.of("-f", "--from"), (c, v) -> c.from = v)
      .option("--timeout", (c, v) -> c.timeout = Durations.parse(v))
      .flag("--hex", c -> c.hex = true)
      .option("--identity", (c, v) -> c.identity = v),
    // what 'node create' runs a background node with (NodeCommand.createArgs), and the usual options
    new Shape<>("node create", QuickCommands::newNodeCreate)
      .optionalPositional((c, v) -> c.name = v)
      .flag(List.of("-f", "--foreground"), c -> c.foreground = true)
      .flag("--child-process", c -> c.childProcess = true)
      .flag("--replace-stopped", c -> c.replaceStopped = true)
      .flag(List.of("-s", "--skip-is-running-check"), c -> c.skipIsRunningCheck = true)
      .option(List.of("-t", "--tcp-listener-address"), (c, v) -> c.tcpListenerAddress = v)
      .option("--identity", (c, v) -> c.identity = v)
      .repeatable("--trust", (c, v) -> c.trusted = add(c.trusted, v))
      .repeatable("--admin", (c, v) -> c.admins = add(c.admins, v))
      .option("--timeout", (c, v) -> c.timeout = Durations.parse(v))
      // a configuration file takes another path, which reads picocli's parse result
      .accepts(c -> c.name == null || !RunConfig.looksLikeFile(c.name)));

  private static List<String> add(List<String> list, String value) {
    List<String> out = list == null ? new ArrayList<>() : list;
    out.add(value);
    return out;
  }

  private static NodeCreateCommand newNodeCreate() {
    NodeCreateCommand c = new NodeCreateCommand();
    c.tcpListenerAddress = NodeCreateCommand.DEFAULT_TCP_LISTENER_ADDRESS;
    c.timeout = Durations.parse(NodeCreateCommand.DEFAULT_TIMEOUT);
    return c;
  }

  private static MessageCommand.Send newSend() {
    MessageCommand.Send send = new MessageCommand.Send();
    send.timeout = Durations.parse(MessageCommand.Send.DEFAULT_TIMEOUT);
    return send;
  }

  private QuickCommands() {
  }

  /**
   * The command a command line names, with its options set, if it is one of {@link #SHAPES} in a
   * plain spelling; the global options are applied to the terminal settings on the way (the caller
   * resets them if this returns empty).
   *
   * @param args the command line
   * @return the command to call, or empty: picocli parses the command line
   */
  static Optional<Callable<Integer>> parse(String[] args) {
    GlobalArgs globals = new GlobalArgs();
    Set<String> seenGlobals = new HashSet<>();
    List<String> words = new ArrayList<>(2);
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (words.size() < 2 && !a.startsWith("-")) {
        words.add(a);
        continue;
      }
      if (words.size() < 2) {
        // a global option before the command's words
        int used = globals.applyQuick(args, i, seenGlobals);
        if (used <= 0) {
          return Optional.empty();
        }
        i += used - 1;
        continue;
      }
      rest.add(i);
    }
    for (Shape<?> shape : SHAPES) {
      if (shape.words.equals(words)) {
        return shape.parse(args, rest, globals, seenGlobals).map(c -> c);
      }
    }
    return Optional.empty();
  }
}
