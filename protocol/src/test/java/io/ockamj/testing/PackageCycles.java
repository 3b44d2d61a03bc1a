package io.ockamj.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

/**
 * Finds cycles between the packages of compiled classes with the JDK's {@code jdeps}: a module's
 * packages must depend on each other in one direction only (an API package never on its
 * implementation, a core never on what plugs into it).
 */
public final class PackageCycles {

  private PackageCycles() {
  }

  /**
   * @param classes a directory of compiled classes, e.g. {@code target/classes}
   * @param prefix the packages to look at, e.g. {@code io.ockamj}
   * @return the package dependencies between different packages under {@code prefix}
   */
  public static Map<String, Set<String>> dependencies(Path classes, String prefix) {
    if (!Files.isDirectory(classes)) {
      throw new IllegalArgumentException("no compiled classes at " + classes);
    }
    ToolProvider jdeps = ToolProvider.findFirst("jdeps")
      .orElseThrow(() -> new IllegalStateException("jdeps is not available in this JDK"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none", classes.toString());
    if (rc != 0) {
      throw new IllegalStateException("jdeps failed (" + rc + "): " + err);
    }
    Map<String, Set<String>> deps = new TreeMap<>();
    for (String line : out.toString().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[1].equals("->") && f[0].startsWith(prefix) && f[2].startsWith(prefix) && !f[0].equals(f[2])) {
        deps.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
      }
    }
    return deps;
  }

  /**
   * @param deps package dependencies
   * @return every group of two or more packages that reach each other (strongly connected components)
   */
  public static List<Set<String>> cycles(Map<String, Set<String>> deps) {
    // Tarjan's algorithm
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    Set<String> all = new TreeSet<>(deps.keySet());
    deps.values().forEach(all::addAll);
    for (String p : all) {
      if (!index.containsKey(p)) {
        connect(p, deps, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void connect(String v, Map<String, Set<String>> deps, Map<String, Integer> index, Map<String, Integer> low,
                              Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : deps.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, deps, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        out.add(component);
      }
    }
  }

  /**
   * Fails if the packages under {@code io.ockamj} in a classes directory form a cycle.
   *
   * @param classes the directory, e.g. {@code Path.of("target/classes")}
   */
  public static void assertNone(Path classes) {
    Map<String, Set<String>> deps = dependencies(classes, "io.ockamj");
    List<Set<String>> cycles = cycles(deps);
    if (!cycles.isEmpty()) {
      StringBuilder sb = new StringBuilder("package cycles in " + classes + ":");
      for (Set<String> c : cycles) {
        sb.append("\n  ").append(c).append(':');
        for (String p : c) {
          Set<String> inCycle = new TreeSet<>(deps.getOrDefault(p, Set.of()));
          inCycle.retainAll(c);
          sb.append("\n    ").append(p).append(" -> ").append(inCycle);
        }
      }
      throw new AssertionError(sb.toString());
    }
  }
}
