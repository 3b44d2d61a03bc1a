package io.ockamj.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends text through a TCP inlet to an echo target behind the outlet, over a real socket on
 * 127.0.0.1: the probe the portal tests of the node and of the command line share.
 */
public final class PortalProbe {

  private PortalProbe() {
  }

  /** One connection: writes {@code text}, reads as many bytes back (5 s socket timeout). */
  public static String roundTrip(String bindAddress, String text) throws IOException {
    String[] hp = bindAddress.split(":");
    try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[text.length()];
      int n = 0;
      while (n < buf.length) {
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          throw new EOFException("closed after " + n + " bytes");
        }
        n += r;
      }
      return new String(buf, StandardCharsets.UTF_8);
    }
  }

  /**
   * Retries {@link #roundTrip} every 200 ms (each try is a connection through the portal) until it
   * echoes; returns how long that took. A wrong echo fails at once.
   */
  public static long eventuallyEchoes(String bindAddress, long timeoutMs) {
    long t0 = System.nanoTime();
    IOException[] last = {null};
    try {
      Await.until("an echo through " + bindAddress, () -> {
        String text = "bytes " + System.nanoTime();
        try {
          assertThat(roundTrip(bindAddress, text)).isEqualTo(text);
          return true;
        } catch (IOException e) {
          last[0] = e;
          return false;
        }
      }, Duration.ofMillis(timeoutMs), Duration.ofMillis(200));
    } catch (AssertionError e) {
      if (last[0] != null) {
        e.addSuppressed(last[0]);
      }
      throw e;
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
