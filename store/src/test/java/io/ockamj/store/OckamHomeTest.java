package io.ockamj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

class OckamHomeTest {

  private static Properties props(String... kv) {
    Properties p = new Properties();
    p.setProperty("user.home", "/home/u");
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsToDotOckamJvmInTheUserHome() {
    OckamHome home = OckamHome.resolve(Map.of(), props());
    assertThat(home.directory()).isEqualTo(Path.of("/home/u/.ockam-jvm"));
    assertThat(home.database()).isEqualTo(Path.of("/home/u/.ockam-jvm/database.sqlite3"));
  }

  @Test
  void environmentVariableOverridesTheDefault() {
    assertThat(OckamHome.resolve(Map.of("OCKAM_HOME", "/srv/ockam"), props()).database())
        .isEqualTo(Path.of("/srv/ockam/database.sqlite3"));
  }

  @Test
  void systemPropertyOverridesTheEnvironment() {
    assertThat(OckamHome.resolve(Map.of("OCKAM_HOME", "/srv/ockam"), props("ockam.home", "/opt/o")).directory())
        .isEqualTo(Path.of("/opt/o"));
  }

  @Test
  void blankValuesAreIgnoredAndTildeIsExpanded() {
    assertThat(OckamHome.resolve(Map.of("OCKAM_HOME", " "), props("ockam.home", "")).directory())
        .isEqualTo(Path.of("/home/u/.ockam-jvm"));
    assertThat(OckamHome.resolve(Map.of("OCKAM_HOME", "~/state"), props()).directory())
        .isEqualTo(Path.of("/home/u/state"));
  }

  @Test
  void aRelativeDirectoryIsRefused() {
    assertThatThrownBy(() -> OckamHome.resolve(Map.of("OCKAM_HOME", "52407"), props()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OCKAM_HOME must be an absolute path, not '52407'");
    assertThatThrownBy(() -> OckamHome.resolve(Map.of(), props("ockam.home", "state/x")))
        .hasMessageContaining("-Dockam.home must be an absolute path");
  }

  @Test
  void ofUsesTheGivenDirectory() {
    assertThat(OckamHome.of(Path.of("/x/y/../z")).database()).isEqualTo(Path.of("/x/z/database.sqlite3"));
    assertThat(OckamHome.of(Path.of("/x")).equals(OckamHome.of(Path.of("/x/")))).isTrue();
  }
}
