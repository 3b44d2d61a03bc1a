package io.ockamj.examples;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.relay.RemoteRelayOptions;
import io.ockamj.verticles.relay.RemoteRelays;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's "Use it in your Vert.x application" cannot rot: its first xml block is a pom fragment
 * that imports this build's BOM and depends on artifacts it lists, and its first java block compiles
 * against the reactor's classes and runs on its own in a JVM of its own: it prints the greeting,
 * reaches a node's echo service through a secure channel via a relay when given the route, and exits.
 */
class ReadmeTest {

  private static final String SECTION = "## Use it in your Vert.x application";

  private static String section() throws IOException {
    Path readme = Path.of(System.getProperty("ockam.readme", "../README.md"));
    String text = Files.readString(readme);
    int at = text.indexOf(SECTION);
    assertThat(at).as("README section '%s'", SECTION).isNotNegative();
    return text.substring(at);
  }

  private static String firstBlock(String text, String language) {
    Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(m.find()).as("a ```%s block", language).isTrue();
    return m.group(1);
  }

  @Test
  void theXmlBlockImportsTheBomAndDependsOnWhatItManages() throws Exception {
    String xml = firstBlock(section(), "xml");
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = factory.newDocumentBuilder()
      .parse(new ByteArrayInputStream(("<project>" + xml + "</project>").getBytes(StandardCharsets.UTF_8)));
    Element bom = (Element) doc.getElementsByTagName("dependencyManagement").item(0);
    assertThat(text(bom, "artifactId")).isEqualTo("ockamj-bom");
    assertThat(text(bom, "scope")).isEqualTo("import");

    Path root = Path.of(System.getProperty("ockam.readme", "../README.md")).toAbsolutePath().getParent();
    String bomPom = Files.readString(root.resolve("bom/pom.xml"));
    String version = Pattern.compile("<artifactId>ockamj-bom</artifactId>\\s*<version>([^<]+)</version>").matcher(bomPom)
      .results().findFirst().orElseThrow().group(1);
    assertThat(text(bom, "version")).isEqualTo(version);

    NodeList deps = doc.getDocumentElement().getElementsByTagName("dependency");
    List<String> artifacts = new ArrayList<>();
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      if (d.getParentNode().getParentNode() != bom) {
        artifacts.add(text(d, "artifactId"));
        assertThat(d.getElementsByTagName("version").getLength()).as("a version of its own").isZero();
      }
    }
    assertThat(artifacts).contains("ockamj-verticles");
    for (String artifact : artifacts) {
      assertThat(bomPom).contains("<artifactId>" + artifact + "</artifactId>");
    }
  }

  @Test
  void theJavaBlockCompilesAndRunsOnItsOwn(@TempDir Path dir) throws Exception {
    String source = firstBlock(section(), "java");
    Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
    assertThat(name.find()).isTrue();
    Path file = dir.resolve(name.group(1) + ".java");
    Files.writeString(file, source);
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
    // -path: class path entries that need not exist; -classfile: Vert.x refers to codegen annotations it does not ship
    int compiled = javac.run(null, diagnostics, diagnostics, "-Xlint:all,-path,-classfile", "-Werror", "-cp", classPath,
      "-d", dir.toString(), file.toString());
    assertThat(compiled).as("javac exit code; %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    // alone: the greeting, and the JVM exits by itself
    Result alone = runJava(dir, classPath, name.group(1));
    assertThat(alone.exit).as("exit code; stderr: %s", alone.err).isZero();
    assertThat(alone.out).isEqualTo("Hello, Ockam!\n");
    assertThat(alone.err).doesNotContain("SEVERE");

    // with a route: through a relay to a node with an "api" listener, as a CLI node has
    Vertx vertx = Vertx.vertx();
    try {
      Node relay = Node.create(vertx, new NodeOptions().setName("relay").setTcpListenerAddress("127.0.0.1:0")).await();
      Node server = Node.create(vertx, new NodeOptions().setName("server")).await();
      ChannelIdentity identity = ChannelIdentity.generate(vertx).await();
      SecureChannels.create(server, identity).createListener(SecureChannels.DEFAULT_LISTENER, new SecureChannelOptions()).await();
      RemoteRelays.create(server, Route.of(Address.tcp(relay.tcpListenerAddress())), "server", new RemoteRelayOptions()).await();
      String port = relay.tcpListenerAddress().substring(relay.tcpListenerAddress().lastIndexOf(':') + 1);
      Result remote = runJava(dir, classPath, name.group(1),
        "/ip4/127.0.0.1/tcp/" + port + "/service/forward_to_server/secure/api/service/echo");
      assertThat(remote.exit).as("exit code; stderr: %s", remote.err).isZero();
      assertThat(remote.out).isEqualTo("Hello, Ockam!\nhello through a secure channel (from "
        + identity.identity().identifier() + ")\n");
      assertThat(remote.err).doesNotContain("SEVERE");
    } finally {
      vertx.close().await();
    }
  }

  private record Result(int exit, String out, String err) {
  }

  private static Result runJava(Path dir, String classPath, String mainClass, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", dir + File.pathSeparator + classPath, mainClass));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the README example did not exit within 120 s; stderr: " + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
  }
}
