package io.ockamj.cli;

import io.ockamj.cli.terminal.GlobalArgs;
import io.ockamj.cli.terminal.StdinArgs;
import io.ockamj.cli.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code ockam} command line: runs nodes and talks to them, like Rust Ockam's {@code ockam}.
 *
 * <p>Only the subcommand a command line names is loaded (picocli builds a command's model by
 * reflection, which for every command would cost a good part of a short command's start-up); the
 * root's help, {@code help} and {@code completion} load them all.
 */
@Command(name = "ockam", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
  description = "Ockam for the JVM: end-to-end encrypted, mutually authenticated connections between applications.",
  footerHeading = "%n",
  footer = {"Commands that act on a node take it as --at NODE (NAME or /node/NAME; default: the default node).",
    "An argument holding '-/' or '/-' takes a route from standard input: ockam secure-channel create --to ... | ockam message send hi --to -/service/echo",
    "Shell completion: source <(ockam completion bash)   (or zsh)."})
public final class Main implements java.util.concurrent.Callable<Integer> {

  /** The subcommands, in the order the help lists them. */
  private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("node", NodeCommand.class);
    COMMANDS.put("run", RunCommand.class);
    COMMANDS.put("secure-channel", SecureChannelCommand.class);
    COMMANDS.put("tcp-outlet", TcpOutletCommand.class);
    COMMANDS.put("tcp-inlet", TcpInletCommand.class);
    COMMANDS.put("relay", RelayCommand.class);
    COMMANDS.put("policy", PolicyCommand.class);
    COMMANDS.put("message", MessageCommand.class);
    COMMANDS.put("tcp-connection", TcpConnectionCommand.class);
    COMMANDS.put("tcp-listener", TcpListenerCommand.class);
    COMMANDS.put("secure-channel-listener", SecureChannelListenerCommand.class);
    COMMANDS.put("service", ServiceCommand.class);
    COMMANDS.put("worker", WorkerCommand.class);
    COMMANDS.put("flow-control", FlowControlCommand.class);
    COMMANDS.put("demo", DemoCommand.class);
    COMMANDS.put("identity", IdentityCommand.class);
    COMMANDS.put("vault", VaultCommand.class);
    COMMANDS.put("credential", CredentialCommand.class);
    COMMANDS.put("authority", AuthorityCommand.class);
    COMMANDS.put("project", ProjectCommand.class);
    COMMANDS.put("project-member", ProjectMemberCommand.class);
    COMMANDS.put("status", StatusCommand.class);
    COMMANDS.put("reset", ResetCommand.class);
    COMMANDS.put("completion", CompletionCommand.class);
    COMMANDS.put("environment", EnvironmentCommand.class);
    COMMANDS.put("markdown", MarkdownCommand.class);
    COMMANDS.put("manpages", ManpagesCommand.class);
    COMMANDS.put("rendezvous", RendezvousCommand.class);
  }

  /**
   * Subcommands of subcommands that are added here rather than listed in their parent's annotation,
   * so that a command line builds only the one it names (see {@link #subcommands}). In a holder
   * class: {@code --version} does not read their annotations.
   */
  private static final class Nested {
    static final Map<Class<?>, Map<String, Class<?>>> COMMANDS = Map.of(NodeCommand.class, NodeCommand.subcommands());
  }

  /** Global options that take a value (to find the subcommand's name behind them). */
  private static final Set<String> VALUED_GLOBALS = Set.of("--output", "--jq");

  /**
   * The JDK logging this program's libraries use, set up once before a command runs (not for
   * {@code --version}, which logs nothing: starting the logging costs a short command's time).
   */
  private static final class Logging {
    // held here: the logging configuration keeps loggers only weakly
    static final Logger SQLITE_LOADER;

    static {
      // one line per log record, on stderr
      if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %5$s%6$s%n");
      }
      // sqlite-jdbc extracts its native library per process and, on loading, deletes the copies other
      // processes left; two commands starting at once race on that and it logs a SEVERE stack trace
      // on stderr for a file the other one already deleted. Harmless: that record alone is dropped.
      SQLITE_LOADER = Logger.getLogger("org.sqlite.SQLiteJDBCLoader");
      SQLITE_LOADER.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Failed to delete old native lib"));
    }

    static void init() {
      // the static initializer did it
    }
  }

  /** {@code --no-color} is on the command line: the help and errors, printed while parsing, have no colors. */
  private static final ThreadLocal<Boolean> NO_COLOR_ARG = ThreadLocal.withInitial(() -> false);

  @Mixin
  GlobalArgs globals;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  private Main() {
  }

  /** {@code ockam} alone: the help, on stdout. */
  @Override
  public Integer call() {
    spec.commandLine().usage(System.out);
    return ExitCodes.OK;
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int run(String... args) {
    Terminal.reset();
    // as Rust: -V/--version anywhere prints the version, without parsing the rest
    if (List.of(args).contains("--version") || List.of(args).contains("-V")) {
      for (String line : new Version().getVersion()) {
        System.out.println(line);
      }
      return ExitCodes.OK;
    }
    Logging.init();
    try {
      args = StdinArgs.replace(args, System.in);
    } catch (StdinArgs.NoInputException e) {
      System.err.println("error: " + e.getMessage());
      return ExitCodes.NOINPUT;
    }
    NO_COLOR_ARG.set(List.of(args).contains("--no-color"));
    java.util.Optional<java.util.concurrent.Callable<Integer>> quick = QuickCommands.parse(args);
    if (quick.isPresent()) {
      return runQuick(quick.get());
    }
    // what the quick path applied of the global options; picocli applies them again
    Terminal.reset();
    List<String> names = commandNames(args);
    CommandLine cl = commandLine(names.isEmpty() ? null : names.get(0), names.size() > 1 ? names.get(1) : null);
    return cl.execute(args);
  }

  /** Runs a command {@link QuickCommands} parsed, as picocli runs one (see {@link #commandLine(String, String)}). */
  private static int runQuick(java.util.concurrent.Callable<Integer> command) {
    applyVerbosity(Terminal.verbosity(), command instanceof NodeCreateCommand c && c.foreground);
    try {
      return command.call();
    } catch (Exception e) {
      boolean plain = Terminal.noColor() || NO_COLOR_ARG.get();
      PrintWriter err = new PrintWriter(System.err, true);
      return failed(e, err, CommandLine.Help.defaultColorScheme(plain ? CommandLine.Help.Ansi.OFF : CommandLine.Help.Ansi.AUTO));
    }
  }

  /** A command failed: its error on one line, and its exit code. */
  private static int failed(Exception ex, PrintWriter err, CommandLine.Help.ColorScheme colors) {
    err.println(colors.errorText("error: " + ExitCodes.describe(ex)));
    err.flush();
    return ExitCodes.of(ex);
  }

  /**
   * Parses a command line without running it: a spare node process loads the parser's classes so.
   *
   * @param args the command line (a subcommand and its subcommand first)
   */
  static void parseOnly(String... args) {
    commandLine(args[0], args[1]).parseArgs(args);
  }

  /**
   * The command line with every subcommand, as the help and shell completion show it.
   *
   * @return the command line
   */
  static CommandLine commandLine() {
    return commandLine(null, null);
  }

  /**
   * The subcommands of a command that {@link Main} adds (see {@link Nested}), by their names.
   *
   * @param classes the subcommands' classes, in the order the help lists them
   * @return their names (from their {@code @Command} annotations) and classes, in that order
   */
  static Map<String, Class<?>> subcommands(Class<?>... classes) {
    Map<String, Class<?>> out = new LinkedHashMap<>();
    for (Class<?> c : classes) {
      out.put(c.getAnnotation(Command.class).name(), c);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * The command line with only the subcommand {@code name} (and under it only {@code sub}, if it is
   * one of its subcommands), or with all of them if {@code name} is null.
   */
  private static CommandLine commandLine(String name, String sub) {
    CommandLine cl = new CommandLine(new Main());
    if (name != null) {
      cl.addSubcommand(name, withSubcommands(COMMANDS.get(name), sub));
    } else {
      COMMANDS.forEach((n, c) -> cl.addSubcommand(n, withSubcommands(c, null)));
      cl.addSubcommand("help", CommandLine.HelpCommand.class);
    }
    if (Terminal.noColor() || NO_COLOR_ARG.get()) {
      cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    }
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> failed(ex, cmd.getErr(), cmd.getColorScheme()));
    cl.setExecutionStrategy(parsed -> {
      List<CommandLine> chain = parsed.asCommandLineList();
      Object leaf = chain.get(chain.size() - 1).getCommand();
      boolean nodeProcess = leaf instanceof NodeCreateCommand && ((NodeCreateCommand) leaf).foreground;
      applyVerbosity(Terminal.verbosity(), nodeProcess);
      return new CommandLine.RunLast().execute(parsed);
    });
    return cl;
  }

  /**
   * A command for picocli: the class itself, or, for one of {@link Nested}, a command line with
   * only the subcommand {@code sub} if it has one of that name, else with all of its subcommands.
   */
  private static Object withSubcommands(Class<?> command, String sub) {
    Map<String, Class<?>> nested = Nested.COMMANDS.get(command);
    if (nested == null) {
      return command;
    }
    CommandLine cl = new CommandLine(command);
    if (sub != null && nested.containsKey(sub)) {
      cl.addSubcommand(sub, nested.get(sub));
    } else {
      nested.forEach(cl::addSubcommand);
    }
    return cl;
  }

  /**
   * The subcommand the arguments name, if it is one of ours and needs no other to run, then the
   * next word (its subcommand, if it has one of that name); empty if the first is not such a name.
   */
  private static List<String> commandNames(String[] args) {
    List<String> names = new java.util.ArrayList<>(2);
    for (int i = 0; i < args.length && names.size() < 2; i++) {
      String a = args[i];
      if (VALUED_GLOBALS.contains(a)) {
        i++;
      } else if (!a.startsWith("-")) {
        if (names.isEmpty() && (!COMMANDS.containsKey(a) || a.equals("completion"))) {
          return List.of();
        }
        names.add(a);
      }
    }
    return names;
  }

  /**
   * A command line that does not parse: what is wrong, the closest valid spelling if there is one,
   * and where the help is; two lines, not the whole usage (as Rust's clap does).
   */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String message = ex.getMessage();
    if (ex instanceof CommandLine.UnmatchedArgumentException u) {
      List<String> unmatched = u.getUnmatched();
      String first = unmatched.isEmpty() ? "?" : unmatched.get(0);
      message = (first.startsWith("-") ? "unknown option '" : "unexpected argument '") + first + "'";
      List<String> suggestions = u.getSuggestions();
      if (!suggestions.isEmpty()) {
        message += "; did you mean '" + suggestions.get(0) + "'?";
      }
    }
    err.println(cmd.getColorScheme().errorText("error: " + message));
    err.println("For more information, try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /**
   * {@code -v}: info, {@code -vv}: debug, {@code -vvv}: trace, in the JDK logging the node runtime
   * uses. Without {@code -v} a command logs warnings only, as Rust's prints no logs; a node process
   * ({@code node create --foreground}) keeps its info log.
   */
  private static void applyVerbosity(int verbosity, boolean nodeProcess) {
    Level level;
    if (verbosity <= 0) {
      if (nodeProcess) {
        return;
      }
      level = Level.WARNING;
    } else {
      level = verbosity == 1 ? Level.INFO : verbosity == 2 ? Level.FINE : Level.FINEST;
    }
    Logger root = Logger.getLogger("");
    root.setLevel(level);
    if (level.intValue() < Level.INFO.intValue()) {
      // the console handler passes INFO and above by default; asking for the handlers creates them
      // (and their formatter, which loads the locale data) at once, which a short command need not pay
      for (java.util.logging.Handler h : root.getHandlers()) {
        h.setLevel(level);
      }
    }
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {Launcher.versionLine()};
    }
  }
}
