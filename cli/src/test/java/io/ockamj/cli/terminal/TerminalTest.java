package io.ockamj.cli.terminal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The output rules, the JSON text and the stdin placeholders, without a process. */
class TerminalTest {

  @AfterEach
  void reset() {
    Terminal.reset();
  }

  @Test
  void jsonTextIsSerdeJsonsPrettyAndCompactForm() {
    JsonObject o = new JsonObject().put("name", "n1").put("pid", 12).put("ok", true).put("none", null)
      .put("list", new JsonArray().add(1).add("a\"b\\c\n")).put("empty", new JsonArray()).put("obj", new JsonObject())
      .put("f", 1.5).put("whole", 2.0).put("ü", "é\u0001");
    assertThat(JsonText.pretty(o)).isEqualTo("{\n  \"name\": \"n1\",\n  \"pid\": 12,\n  \"ok\": true,\n  \"none\": null,\n"
      + "  \"list\": [\n    1,\n    \"a\\\"b\\\\c\\n\"\n  ],\n  \"empty\": [],\n  \"obj\": {},\n  \"f\": 1.5,\n  \"whole\": 2.0,\n"
      + "  \"ü\": \"é\\u0001\"\n}");
    assertThat(JsonText.compact(new JsonArray().add(new JsonObject().put("a", 1)).add("x")))
      .isEqualTo("[{\"a\":1},\"x\"]");
  }

  @Test
  void aTerminalGetsPlainAPipeGetsTheMachineFormThenJson() {
    Output all = Output.of().plain("Node n1 created").machine("n1").json(new JsonObject().put("name", "n1"));
    assertThat(Terminal.render(all, false, true)).isEqualTo("Node n1 created");
    assertThat(Terminal.render(all, false, false)).isEqualTo("n1");
    assertThat(Terminal.render(all, true, true)).isEqualTo("{\n  \"name\": \"n1\"\n}");
    Output noMachine = Output.of().plain("text").json(new JsonArray());
    assertThat(Terminal.render(noMachine, false, false)).isEqualTo("[]");
    assertThat(Terminal.render(Output.of().plain("only text"), false, false)).isEqualTo("only text");
    assertThat(Terminal.render(Output.of().plain("only text"), true, false)).isNull();
    assertThat(Terminal.render(Output.of().machine("m"), false, true)).isEqualTo("m");
  }

  @Test
  void jqAppliesToTheJsonAndImpliesJsonOutput() {
    new GlobalArgs().jq(".[] | .name");
    assertThat(Terminal.json()).isTrue();
    Output o = Output.of().plain("x").json(new JsonArray().add(new JsonObject().put("name", "a")).add(new JsonObject().put("name", "b")));
    assertThat(Terminal.render(o, Terminal.json(), false)).isEqualTo("\"a\"\n\"b\"");
    new GlobalArgs().output(GlobalArgs.Format.plain);
    assertThat(Terminal.json()).isFalse();
    Terminal.reset();
    new GlobalArgs().jq("..[");
    assertThatThrownBy(() -> Terminal.render(o, true, false)).isInstanceOf(OutputException.class).hasMessageContaining("--jq");
  }

  @Test
  void dashPlaceholdersTakeARouteFromStandardInput() {
    String[] args = {"message", "send", "hi", "--to", "-/service/echo", "--at", "n1"};
    String[] out = StdinArgs.replace(args, new ByteArrayInputStream("/service/abc\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(out).containsExactly("message", "send", "hi", "--to", "/service/abc/service/echo", "--at", "n1");
    String[] suffix = StdinArgs.replace(new String[] {"/node/n1/-"}, new ByteArrayInputStream("service/x/\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(suffix).containsExactly("/node/n1/service/x");
    String[] none = {"--tcp-listener-address", "127.0.0.1:0", "-v"};
    assertThat(StdinArgs.replace(none, new ByteArrayInputStream(new byte[0]))).containsExactly(none);
    assertThatThrownBy(() -> StdinArgs.replace(new String[] {"-/service/echo"}, new ByteArrayInputStream(new byte[0])))
      .isInstanceOf(StdinArgs.NoInputException.class);
  }
}
