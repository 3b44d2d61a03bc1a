package io.ockamj.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Finds cycles of class initialization among a module's classes: class A's static initializer (or
 * what it calls) needs class B initialized, and B's needs A. One thread alone gets through such a
 * cycle, but two threads that first use A and B at the same moment each hold one class's
 * initialization and wait for the other's, for good: a hang that shows only on a cold JVM, rarely.
 * <p>
 * What counts as needing a class (JVMS 5.5): {@code new}, {@code getstatic}, {@code putstatic} and
 * {@code invokestatic} of it in the initializer or in any method of the module that the initializer
 * calls; a class's superclass; and the superinterfaces of a class that declare a method with a body
 * other than a static one (a default method). Calls are followed by the method named in the
 * instruction, which is enough for the static code where such cycles hide. Reads the bytecode with
 * the JDK's {@code javap}.
 */
public final class ClassInitCycles {

  private static final Pattern HEADER = Pattern.compile("^(?:[a-z-]+ )*(class|interface) ([\\w.$]+)(.*)\\{$");
  private static final Pattern INSTRUCTION = Pattern.compile(
    "^\\s+\\d+: (new|getstatic|putstatic|invokestatic|invokespecial|invokevirtual|invokeinterface)\\s+#\\d+(?:,\\s*\\d+)?\\s+"
      + "// (?:Method|InterfaceMethod|Field|class) (.+)$");

  private ClassInitCycles() {
  }

  private static final class Type {
    final String name;
    final boolean isInterface;
    String superclass;
    final List<String> interfaces = new ArrayList<>();
    boolean hasBodyMethods;

    Type(String name, boolean isInterface) {
      this.name = name;
      this.isInterface = isInterface;
    }
  }

  /** What a method does that matters here: classes it needs initialized, methods it calls. */
  private static final class Body {
    final Set<String> needs = new HashSet<>();
    final Set<String> calls = new HashSet<>();
  }

  /**
   * Fails if the classes under {@code classes} have a cycle of class initialization.
   *
   * @param classes a compiled module's class directory, e.g. {@code target/classes}
   * @throws AssertionError naming each cycle
   */
  public static void assertNone(Path classes) {
    List<List<String>> cycles = find(classes);
    if (!cycles.isEmpty()) {
      StringBuilder b = new StringBuilder("class initialization cycles (two threads that first use two classes of one at once "
        + "wait for each other for good):");
      for (List<String> c : cycles) {
        b.append("\n  ").append(String.join(" -> ", c)).append(" -> ").append(c.get(0));
      }
      throw new AssertionError(b.toString());
    }
  }

  /**
   * @param classes a compiled module's class directory
   * @return the cycles found, each as the classes along it
   */
  public static List<List<String>> find(Path classes) {
    List<String> names = classNames(classes);
    Map<String, Type> types = new HashMap<>();
    Map<String, Body> bodies = new HashMap<>();
    for (int i = 0; i < names.size(); i += 200) {
      parse(javap(classes, names.subList(i, Math.min(names.size(), i + 200))), types, bodies);
    }
    Map<String, Set<String>> needs = new HashMap<>();
    for (Type t : types.values()) {
      Set<String> out = new LinkedHashSet<>();
      if (!t.isInterface) {
        if (types.containsKey(t.superclass)) {
          out.add(t.superclass);
        }
        for (String i : superinterfaces(t, types)) {
          if (types.get(i).hasBodyMethods) {
            out.add(i);
          }
        }
      }
      out.addAll(reached(t.name + ".<clinit>", bodies));
      out.remove(t.name);
      out.retainAll(types.keySet());
      needs.put(t.name, out);
    }
    List<List<String>> cycles = new ArrayList<>();
    for (Set<String> c : PackageCycles.cycles(needs)) {
      cycles.add(new ArrayList<>(c));
    }
    return cycles;
  }

  private static List<String> classNames(Path classes) {
    try (Stream<Path> files = Files.walk(classes)) {
      return files.map(p -> classes.relativize(p).toString())
        .filter(p -> p.endsWith(".class") && !p.endsWith("module-info.class") && !p.endsWith("package-info.class"))
        .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
        .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String javap(Path classes, List<String> names) {
    ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() -> new IllegalStateException("this JDK has no javap"));
    List<String> args = new ArrayList<>(List.of("-c", "-p", "-cp", classes.toString()));
    args.addAll(names);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = javap.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    if (rc != 0) {
      throw new IllegalStateException("javap failed (" + rc + "): " + err);
    }
    return out.toString();
  }

  private static void parse(String text, Map<String, Type> types, Map<String, Body> bodies) {
    Type type = null;
    Body body = null;
    for (String line : text.split("\n")) {
      if (!line.startsWith(" ")) {
        Matcher h = HEADER.matcher(line.strip());
        if (h.matches()) {
          type = new Type(h.group(2), h.group(1).equals("interface"));
          supertypes(type, h.group(3));
          types.put(type.name, type);
          body = null;
        }
        continue;
      }
      if (type == null) {
        continue;
      }
      if (line.startsWith("  ") && !line.startsWith("   ") && line.endsWith(";")) {
        String decl = line.strip();
        String method = methodName(decl, type.name);
        body = new Body();
        bodies.put(type.name + "." + method, body);
        if (!method.equals("<clinit>") && !(" " + decl).contains(" static ") && !(" " + decl).contains(" abstract ")
          && !method.equals("<init>")) {
          // a method with a body unless abstract; interfaces' count for the rule on superinterfaces
          type.hasBodyMethods |= type.isInterface;
        }
        continue;
      }
      Matcher m = INSTRUCTION.matcher(line);
      if (body != null && m.matches()) {
        String op = m.group(1);
        String target = m.group(2).strip();
        String owner;
        String member;
        if (op.equals("new")) {
          owner = target.replace('/', '.');
          member = "<init>";
        } else {
          int colon = target.indexOf(':');
          String ref = colon < 0 ? target : target.substring(0, colon);
          int dot = ref.lastIndexOf('.');
          owner = dot < 0 ? type.name : ref.substring(0, dot).replace('/', '.');
          member = (dot < 0 ? ref : ref.substring(dot + 1)).replace("\"", "");
        }
        if (op.equals("new") || op.equals("getstatic") || op.equals("putstatic") || op.equals("invokestatic")) {
          body.needs.add(owner);
        }
        if (op.startsWith("invoke")) {
          body.calls.add(owner + "." + member);
        }
      }
    }
  }

  private static String methodName(String decl, String typeName) {
    if (decl.equals("static {};")) {
      return "<clinit>";
    }
    int paren = decl.indexOf('(');
    String before = paren < 0 ? decl : decl.substring(0, paren);
    String name = before.substring(before.lastIndexOf(' ') + 1);
    return name.equals(typeName) ? "<init>" : name;
  }

  private static void supertypes(Type t, String rest) {
    String r = rest.replaceAll("<[^{]*?>", "");
    int permits = r.indexOf(" permits ");
    if (permits >= 0) {
      r = r.substring(0, permits);
    }
    Matcher ext = Pattern.compile(" extends ([\\w.$, ]+?)(?: implements |$)").matcher(r.stripTrailing() + " ");
    List<String> extended = new ArrayList<>();
    if (ext.find()) {
      for (String s : ext.group(1).split(",")) {
        if (!s.isBlank()) {
          extended.add(s.strip());
        }
      }
    }
    Matcher imp = Pattern.compile(" implements ([\\w.$, ]+)").matcher(r);
    if (t.isInterface) {
      t.interfaces.addAll(extended);
    } else {
      t.superclass = extended.isEmpty() ? null : extended.get(0);
      if (imp.find()) {
        for (String s : imp.group(1).split(",")) {
          if (!s.isBlank()) {
            t.interfaces.add(s.strip());
          }
        }
      }
    }
  }

  /** The superinterfaces of a class, direct and indirect (through its superclasses and their interfaces). */
  private static Set<String> superinterfaces(Type t, Map<String, Type> types) {
    Set<String> out = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(t.interfaces);
    for (Type s = types.get(t.superclass); s != null; s = types.get(s.superclass)) {
      todo.addAll(s.interfaces);
    }
    while (!todo.isEmpty()) {
      String i = todo.pop();
      Type it = types.get(i);
      if (it != null && out.add(i)) {
        todo.addAll(it.interfaces);
      }
    }
    return out;
  }

  private static Set<String> reached(String start, Map<String, Body> bodies) {
    Set<String> seen = new HashSet<>(Set.of(start));
    Deque<String> todo = new ArrayDeque<>(seen);
    Set<String> needs = new TreeSet<>();
    while (!todo.isEmpty()) {
      Body b = bodies.get(todo.pop());
      if (b == null) {
        continue;
      }
      needs.addAll(b.needs);
      for (String c : b.calls) {
        if (seen.add(c)) {
          todo.push(c);
        }
      }
    }
    return needs;
  }
}
