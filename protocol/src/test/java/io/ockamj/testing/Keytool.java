package io.ockamj.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PKCS#12 key stores for TLS tests, made by the JDK's {@code keytool} in a process of its own: an EC
 * P-256 key pair with a self-signed certificate, and a trust store holding such a certificate.
 */
public final class Keytool {

  /** The password of every store made here. */
  public static final String PASSWORD = "changeit";

  private Keytool() {
  }

  /**
   * Makes {@code DIR/ALIAS.p12} with a new key pair and its self-signed certificate (valid 2 days).
   *
   * @param dir where
   * @param alias the entry's alias and the certificate's CN
   * @param san keytool's extension, e.g. {@code SAN=ip:127.0.0.1,dns:localhost}
   * @return the key store
   */
  public static Path keyPair(Path dir, String alias, String san) throws Exception {
    Path p12 = dir.resolve(alias + ".p12");
    run("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
      "-ext", san, "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    return p12;
  }

  /**
   * Adds the certificate of {@code alias} in {@code keyStore} to {@code trustStore} (made if missing).
   *
   * @param dir where the exported certificate is written on the way
   * @param keyStore a store made by {@link #keyPair}
   * @param alias its entry
   * @param trustStore the trust store
   */
  public static void trust(Path dir, Path keyStore, String alias, Path trustStore) throws Exception {
    Path pem = dir.resolve(alias + ".pem");
    run("-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-file", pem.toString());
    run("-importcert", "-noprompt", "-alias", alias, "-file", pem.toString(), "-keystore", trustStore.toString(),
      "-storetype", "PKCS12", "-storepass", PASSWORD);
  }

  private static void run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "keytool");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool ends").isTrue();
      assertThat(p.exitValue()).as("keytool %s: %s", String.join(" ", args), out).isZero();
    } finally {
      p.destroyForcibly();
    }
  }
}
