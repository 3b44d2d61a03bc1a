package io.ockamj.cli.terminal;

/**
 * What a command prints on standard output when it is done, in up to three forms, as in Rust's
 * {@code ockam}: {@code plain} text for a person at a terminal, a {@code machine} form for scripts
 * (a bare route, a name, an identifier) and a {@code json} value. {@link Terminal#write} picks one.
 */
public final class Output {

  String plain;
  String machine;
  Object json;

  private Output() {
  }

  /** @return an output without any form yet */
  public static Output of() {
    return new Output();
  }

  /**
   * @param text the text for a person at a terminal (may span lines)
   * @return this
   */
  public Output plain(String text) {
    this.plain = text;
    return this;
  }

  /**
   * @param text the bare value for scripts and pipes, e.g. a route
   * @return this
   */
  public Output machine(Object text) {
    this.machine = text == null ? null : text.toString();
    return this;
  }

  /**
   * @param value the JSON value: a Vert.x JsonObject/JsonArray, a map, a list or a scalar (see {@link JsonText})
   * @return this
   */
  public Output json(Object value) {
    this.json = value;
    return this;
  }
}
