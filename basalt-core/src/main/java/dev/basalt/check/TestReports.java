package dev.basalt.check;

import dev.basalt.oci.Json;
import java.util.List;
import java.util.Locale;

/** Structure test results as text, JSON, or JUnit XML for CI dashboards. */
public final class TestReports {
  private TestReports() {}

  public static long failures(List<TestResult> results) {
    return results.stream().filter(r -> !r.passed()).count();
  }

  public static String text(String image, List<TestResult> results) {
    StringBuilder out = new StringBuilder();
    for (TestResult r : results) {
      out.append(r.passed() ? "  PASS " : "  FAIL ").append(r.kind()).append(": ").append(r.name()).append('\n');
      if (!r.passed()) {
        out.append("       expected: ").append(r.expected()).append('\n');
        out.append("       actual:   ").append(r.actual().replace("\n", "\n                 ")).append('\n');
      }
    }
    out.append(image).append(": ").append(results.size() - failures(results)).append(" passed, ")
        .append(failures(results)).append(" failed\n");
    return out.toString();
  }

  public record Item(String kind, String name, boolean passed, String expected, String actual, long millis) {}

  public record Document(String image, long passed, long failed, List<Item> results) {}

  public static String json(String image, List<TestResult> results) {
    List<Item> items = results.stream().map(r -> new Item(r.kind(), r.name(), r.passed(), r.expected(), r.actual(),
        Math.round(r.seconds() * 1000))).toList();
    return Json.string(new Document(image, results.size() - failures(results), failures(results), items));
  }

  public static String junit(String image, List<TestResult> results) {
    double total = results.stream().mapToDouble(TestResult::seconds).sum();
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuite name=\"").append(xml(image)).append("\" tests=\"").append(results.size())
        .append("\" failures=\"").append(failures(results)).append("\" errors=\"0\" time=\"")
        .append(String.format(Locale.ROOT, "%.3f", total)).append("\">\n");
    for (TestResult r : results) {
      x.append("  <testcase classname=\"").append(xml(r.kind())).append("\" name=\"").append(xml(r.name()))
          .append("\" time=\"").append(String.format(Locale.ROOT, "%.3f", r.seconds())).append('"');
      if (r.passed()) {
        x.append("/>\n");
      } else {
        x.append(">\n    <failure message=\"").append(xml("expected " + r.expected())).append("\">")
            .append(xml("expected: " + r.expected() + "\nactual: " + r.actual())).append("</failure>\n  </testcase>\n");
      }
    }
    return x.append("</testsuite>\n").toString();
  }

  private static String xml(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
