package io.ockamj.console.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small parser of the Prometheus text format, for tests: samples by name and labels. */
record PrometheusText(List<Sample> samples) {

  record Sample(String name, Map<String, String> labels, double value) {
  }

  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static PrometheusText parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
    return new PrometheusText(out);
  }

  /** @return the value of the one sample with this name whose labels include these, 0 if none */
  double value(String name, String... labelPairs) {
    Map<String, String> want = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      want.put(labelPairs[i], labelPairs[i + 1]);
    }
    List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(want.entrySet())).toList();
    if (found.size() > 1) {
      throw new IllegalStateException(found.size() + " samples match " + name + " " + want + ": " + found);
    }
    return found.isEmpty() ? 0 : found.get(0).value();
  }

  boolean has(String namePrefix) {
    return samples.stream().anyMatch(s -> s.name().startsWith(namePrefix));
  }
}
