import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Locale;

/**
 * Small-message round-trip probe for bench/portal.sh. Single file, no dependencies; run with
 * {@code java bench/RttProbe.java ...} or compile once with javac (portal.sh does the latter, so the
 * compile cost is not paid once per measurement).
 *
 * <pre>
 *   RttProbe server PORT                                  echo server on 127.0.0.1:PORT (one thread per connection)
 *   RttProbe client PORT [SIZE [ITERATIONS [WARMUP]]]     prints "P50_US P99_US" for SIZE-byte request/echo round trips
 * </pre>
 *
 * The client uses one connection, blocking I/O and TCP_NODELAY, sends one message and waits for the
 * whole echo before sending the next, so every sample is one full round trip through whatever sits
 * between client and server (nothing is pipelined). Warm-up round trips are not recorded; they also
 * cover the first-connection cost of a portal (the outlet connects to its target lazily).
 */
public final class RttProbe {

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("server")) {
      server(Integer.parseInt(args[1]));
    } else if (args.length >= 2 && args[0].equals("client")) {
      int port = Integer.parseInt(args[1]);
      int size = args.length > 2 ? Integer.parseInt(args[2]) : 64;
      int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
      int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 500;
      client(port, size, iterations, warmup);
    } else {
      System.err.println("usage: RttProbe server PORT | RttProbe client PORT [SIZE [ITERATIONS [WARMUP]]]");
      System.exit(2);
    }
  }

  private static void server(int port) throws IOException {
    try (ServerSocket ss = new ServerSocket()) {
      ss.setReuseAddress(true);
      ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
      System.out.println("echo server listening on 127.0.0.1:" + port);
      System.out.flush();
      while (true) {
        Socket s = ss.accept();
        Thread t = new Thread(() -> echo(s), "echo-" + s.getPort());
        t.setDaemon(true);
        t.start();
      }
    }
  }

  private static void echo(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      s.setTcpNoDelay(true);
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // the client went away: nothing to do
    }
  }

  private static void client(int port, int size, int iterations, int warmup) throws IOException {
    byte[] request = new byte[size];
    Arrays.fill(request, (byte) 'x');
    byte[] reply = new byte[size];
    long[] samples = new long[iterations];
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(15_000); // a broken path fails the probe instead of hanging the benchmark
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
      OutputStream out = s.getOutputStream();
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (int i = 0; i < warmup + iterations; i++) {
        request[0] = (byte) i; // the echo must be this message, not a stale one
        long t0 = System.nanoTime();
        out.write(request);
        out.flush();
        in.readFully(reply);
        long dt = System.nanoTime() - t0;
        if (reply[0] != request[0]) {
          throw new IOException("echo out of order at round trip " + i);
        }
        if (i >= warmup) {
          samples[i - warmup] = dt;
        }
      }
    }
    Arrays.sort(samples);
    System.out.printf(Locale.ROOT, "%.1f %.1f%n", percentile(samples, 50) / 1e3, percentile(samples, 99) / 1e3);
  }

  /** Nearest-rank percentile of sorted samples. */
  private static double percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
