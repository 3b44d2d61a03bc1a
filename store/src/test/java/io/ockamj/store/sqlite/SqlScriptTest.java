package io.ockamj.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void splitsOnSemicolonsAndDropsEmptyStatements() {
    assertThat(SqlScript.split("CREATE TABLE a (x);\n\n;CREATE TABLE b (y)  ;  "))
        .containsExactly("CREATE TABLE a (x)", "CREATE TABLE b (y)");
  }

  @Test
  void keepsSemicolonsInsideQuotesAndIdentifiers() {
    assertThat(SqlScript.split("INSERT INTO t VALUES ('a;b', 'it''s;'); SELECT \"c;d\", `e;f`, [g;h] FROM t;"))
        .containsExactly("INSERT INTO t VALUES ('a;b', 'it''s;')", "SELECT \"c;d\", `e;f`, [g;h] FROM t");
  }

  @Test
  void dropsComments() {
    assertThat(SqlScript.split("-- one; two\nSELECT 1; /* three; */ SELECT 2 -- tail"))
        .containsExactly("SELECT 1", "SELECT 2");
  }

  @Test
  void keepsTriggerBodiesTogether() {
    String trigger = "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN\n  INSERT INTO u VALUES (1);\n"
        + "  UPDATE u SET backend = 2;\nEND";
    assertThat(SqlScript.split(trigger + ";\nSELECT 1;")).containsExactly(trigger, "SELECT 1");
  }

  @Test
  void aScriptWithoutTrailingSemicolonKeepsItsLastStatement() {
    assertThat(SqlScript.split("SELECT 1")).containsExactly("SELECT 1");
    assertThat(SqlScript.split("  -- only a comment\n")).isEmpty();
  }
}
