package io.ockamj.cli.terminal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rust's plain-text shapes: result, detail, notice and list. */
class FmtTest {

  @Test
  void resultDetailNoticeAndWarning() {
    assertThat(Fmt.ok("done")).isEqualTo("  ✔ done");
    assertThat(Fmt.log("detail")).isEqualTo("    detail");
    assertThat(Fmt.info("none")).isEqualTo("  > none");
    assertThat(Fmt.warn("careful")).isEqualTo("  ! careful");
    assertThat(Fmt.heading("Nodes")).isEqualTo("\n    Nodes\n    " + "─".repeat(40));
  }

  @Test
  void aListPutsABarBeforeEachLineAndABlankLineBetweenItems() {
    assertThat(Fmt.list(List.of("one\nI1", "    two"), "nothing")).isEqualTo("  │ one\n  │ I1\n\n  │ two\n");
    assertThat(Fmt.list(List.of(), "No items found")).isEqualTo("  > No items found");
  }
}
