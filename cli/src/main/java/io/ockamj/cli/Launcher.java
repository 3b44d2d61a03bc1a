package io.ockamj.cli;

/**
 * The jar's entry point. {@code --version} (or {@code -V}) anywhere on the command line prints the
 * version, as Rust's does, without loading the command line's classes: a script may run it often,
 * and for it a JVM's start-up is the whole cost. Everything else goes to {@link Main}.
 */
public final class Launcher {

  private Launcher() {
  }

  /**
   * Prints the version or runs the command line, then exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    for (String a : args) {
      if (a.equals("--version") || a.equals("-V")) {
        System.out.println(versionLine());
        System.exit(ExitCodes.OK);
      }
    }
    Main.main(args);
  }

  /**
   * @return the version line: this build's version (from the jar's manifest) and the Rust Ockam
   *   release it is wire-compatible with
   */
  static String versionLine() {
    String v = Launcher.class.getPackage().getImplementationVersion();
    return "ockam (JVM) " + (v == null ? "development build" : v) + ", wire-compatible with Rust Ockam 0.139";
  }
}
