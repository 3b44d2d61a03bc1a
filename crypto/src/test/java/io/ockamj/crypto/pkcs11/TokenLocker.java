package io.ockamj.crypto.pkcs11;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run in a child process by the PKCS#11 tests to make a real token hang: takes POSIX locks on every
 * file of a SoftHSM2 token directory, which SoftHSM waits for before it touches the token, prints
 * {@code locked} and holds them until killed (or for at most a minute).
 * Argument: the token directory ({@code tokens} of a softhsm2.conf).
 */
public final class TokenLocker {

  private TokenLocker() {
  }

  /**
   * @param args the token directory
   * @throws Exception if a file cannot be locked
   */
  public static void main(String[] args) throws Exception {
    List<FileLock> locks = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
      files = s.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      FileChannel c = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
      locks.add(c.lock());
    }
    System.out.println("locked " + locks.size());
    System.out.flush();
    Thread.sleep(60_000);
  }
}
