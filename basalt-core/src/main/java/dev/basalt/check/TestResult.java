package dev.basalt.check;

import java.util.Objects;

/** The outcome of one structure test: what was expected and what was found when it failed. */
public record TestResult(String kind, String name, boolean passed, String expected, String actual, double seconds) {
  public TestResult {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(name, "name == null");
  }

  static TestResult pass(String kind, String name, double seconds) {
    return new TestResult(kind, name, true, null, null, seconds);
  }

  static TestResult fail(String kind, String name, String expected, String actual, double seconds) {
    return new TestResult(kind, name, false, expected, actual, seconds);
  }
}
